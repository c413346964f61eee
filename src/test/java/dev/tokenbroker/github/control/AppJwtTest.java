package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;

import dev.tokenbroker.testsupport.TestKeys;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AppJwtTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static KeyPair keys;

    @BeforeAll
    static void makeKey() {
        keys = TestKeys.rsa();
    }

    @Test
    void isSignedRs256WithTheAppKeyAndVerifiesWithItsPublicKey() throws Exception {
        AppJwt jwt = AppJwt.sign("12345", (RSAPrivateKey) keys.getPrivate(), NOW);
        SignedJWT parsed = SignedJWT.parse(jwt.value());
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(parsed.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(parsed.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
    }

    @Test
    void doesNotVerifyWithAnotherKey() throws Exception {
        AppJwt jwt = AppJwt.sign("12345", (RSAPrivateKey) keys.getPrivate(), NOW);
        RSAPublicKey other = (RSAPublicKey) TestKeys.rsa().getPublic();
        assertThat(SignedJWT.parse(jwt.value()).verify(new RSASSAVerifier(other))).isFalse();
    }

    @Test
    void claimsFollowGitHubsRules() throws Exception {
        AppJwt jwt = AppJwt.sign("Iv1.abc", (RSAPrivateKey) keys.getPrivate(), NOW);
        var claims = SignedJWT.parse(jwt.value()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("Iv1.abc");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW.minusSeconds(60));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(9)));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(claims.getClaims().keySet()).containsExactlyInAnyOrder("iat", "exp", "iss");
    }

    @Test
    void isReusedUntilAMinuteBeforeItExpires() {
        AppJwt jwt = AppJwt.sign("1", (RSAPrivateKey) keys.getPrivate(), NOW);
        assertThat(jwt.usableAt(NOW.plus(Duration.ofMinutes(7)))).isTrue();
        assertThat(jwt.usableAt(NOW.plus(Duration.ofMinutes(8)))).isFalse();
        assertThat(jwt.toString()).doesNotContain(jwt.value());
    }
}
