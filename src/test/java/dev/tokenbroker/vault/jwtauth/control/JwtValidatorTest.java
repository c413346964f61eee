package dev.tokenbroker.vault.jwtauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonValue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.testsupport.TestKeys;
import dev.tokenbroker.vault.jwtauth.entity.JwtRole;

/** A JWT login's checks, in Vault's order and words (path_login.go, cap/jwt), on GitHub Actions-shaped tokens. */
class JwtValidatorTest {

    private static final KeyPair KEYS = TestKeys.rsa();
    private static final KeyPair OTHER = TestKeys.rsa();
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String ISSUER = "https://token.actions.githubusercontent.com";

    private static final JwtValidator.Keys ONE_KEY = keys(KEYS.getPublic());

    private static JwtValidator.Keys keys(PublicKey key) {
        return new JwtValidator.Keys() {
            @Override
            public List<PublicKey> candidates(String kid, dev.tokenbroker.platform.control.JwsAlgorithm algorithm) {
                return List.of(key);
            }

            @Override
            public String noKeyMessage() {
                return "failed to verify id token signature";
            }
        };
    }

    private static JWTClaimsSet.Builder workflow() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience("https://github.com/octo-org")
                .subject("repo:octo-org/octo-repo:ref:refs/heads/main").claim("repository", "octo-org/octo-repo")
                .claim("ref", "refs/heads/main").claim("repository_owner", "octo-org").claim("actor", "octocat")
                .issueTime(Date.from(NOW.minusSeconds(10))).notBeforeTime(Date.from(NOW.minusSeconds(10)))
                .expirationTime(Date.from(NOW.plusSeconds(290)));
    }

    private static String sign(JWTClaimsSet claims, KeyPair keys) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtRole role() {
        JwtRole role = new JwtRole("jwt", "deploy");
        role.setUserClaim("repository");
        role.setBoundAudiences("[\"https://github.com/octo-org\"]");
        return role;
    }

    private static JwtValidator.Verified validate(String jwt, JwtRole role, String boundClaims) {
        return JwtValidator.validate(jwt, ONE_KEY, List.of(), ISSUER, role,
                boundClaims == null ? JsonValue.EMPTY_JSON_OBJECT : JwtRoleRules.object(boundClaims),
                JwtRoleRules.mappings(role.getClaimMappings()), JwtRoleRules.audiences(role), NOW);
    }

    @Test
    void aWorkflowTokenGivesItsAliasAndMappedClaims() {
        JwtRole role = role();
        role.setClaimMappings("{\"actor\":\"actor\",\"ref\":\"git_ref\",\"environment\":\"env\"}");
        JwtValidator.Verified verified = validate(sign(workflow().build(), KEYS), role,
                "{\"repository\":\"octo-org/octo-repo\",\"ref\":\"refs/heads/main\"}");
        assertThat(verified.alias()).isEqualTo("octo-org/octo-repo");
        assertThat(verified.metadata()).as("a missing mapped claim is skipped, as Vault does")
                .containsExactly(Map.entry("actor", "octocat"), Map.entry("git_ref", "refs/heads/main"));
    }

    @Test
    void theSignatureMustBeByAKeyOfTheMount() {
        assertThatThrownBy(() -> validate(sign(workflow().build(), OTHER), role(), null))
                .hasMessage("error validating token: error verifying token signature: failed to verify id token signature");
        String token = sign(workflow().build(), KEYS);
        String tampered = token.substring(0, token.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        "{\"sub\":\"repo:evil/x\",\"aud\":\"https://github.com/octo-org\",\"exp\":1900000000}".getBytes())
                + token.substring(token.lastIndexOf('.'));
        assertThatThrownBy(() -> validate(tampered, role(), null)).hasMessageContaining("failed to verify id token signature");
        assertThatThrownBy(() -> validate("not-a-jwt", role(), null))
                .hasMessageStartingWith("error validating token: error verifying token signature: oidc: malformed jwt");
        String unsigned = token.substring(0, token.lastIndexOf('.') + 1);
        assertThatThrownBy(() -> validate(unsigned, role(), null)).hasMessageContaining("failed to verify id token signature");
    }

    @Test
    void anAlgorithmTheConfigDoesNotAllowIsRefusedAfterTheSignature() {
        assertThatThrownBy(() -> JwtValidator.validate(sign(workflow().build(), KEYS), ONE_KEY, List.of("ES256"), ISSUER,
                role(), JsonValue.EMPTY_JSON_OBJECT, Map.of(), List.of("https://github.com/octo-org"), NOW))
                .hasMessage("error validating token: invalid algorithm (alg) header parameter: token signed with unexpected algorithm");
    }

    @Test
    void issuerSubjectAndAudienceAreCheckedAgainstTheBounds() {
        assertThatThrownBy(() -> validate(sign(workflow().issuer("https://evil.example").build(), KEYS), role(), null))
                .hasMessage("error validating token: invalid issuer (iss) claim");
        JwtRole bySubject = role();
        bySubject.setBoundSubject("repo:octo-org/octo-repo:ref:refs/heads/release");
        assertThatThrownBy(() -> validate(sign(workflow().build(), KEYS), bySubject, null))
                .hasMessage("error validating token: invalid subject (sub) claim");
        assertThatThrownBy(() -> validate(sign(workflow().audience("sigstore").build(), KEYS), role(), null))
                .hasMessage("error validating token: invalid audience (aud) claim: audience claim does not match any expected audience");
        JwtRole noAudience = role();
        noAudience.setBoundAudiences(null);
        noAudience.setBoundSubject("repo:octo-org/octo-repo:ref:refs/heads/main");
        assertThatThrownBy(() -> validate(sign(workflow().build(), KEYS), noAudience, null))
                .hasMessage("audience claim found in JWT but no audiences bound to the role");
    }

    @Test
    void timesFollowTheLeeways() {
        assertThatThrownBy(() -> validate(sign(workflow().expirationTime(Date.from(NOW.minusSeconds(61))).build(), KEYS), role(), null))
                .hasMessage("error validating token: invalid expiration time (exp) claim: token is expired");
        validate(sign(workflow().expirationTime(Date.from(NOW.minusSeconds(59))).build(), KEYS), role(), null);
        JwtRole noSkew = role();
        noSkew.setClockSkewLeeway(-1);
        assertThatThrownBy(() -> validate(sign(workflow().expirationTime(Date.from(NOW.minusSeconds(1))).build(), KEYS), noSkew, null))
                .hasMessageContaining("token is expired");
        assertThatThrownBy(() -> validate(sign(workflow().notBeforeTime(Date.from(NOW.plusSeconds(61))).build(), KEYS), role(), null))
                .hasMessage("error validating token: invalid not before (nbf) claim: token not yet valid");
        assertThatThrownBy(() -> validate(sign(workflow().notBeforeTime(null).issueTime(Date.from(NOW.plusSeconds(120))).build(), KEYS), role(), null))
                .as("nbf is taken from iat when absent").hasMessageContaining("token not yet valid");
        // no exp: iat + expiration_leeway (150 s), then the 60 s skew
        JWTClaimsSet noExp = workflow().expirationTime(null).issueTime(Date.from(NOW.minusSeconds(200)))
                .notBeforeTime(Date.from(NOW.minusSeconds(200))).build();
        validate(sign(noExp, KEYS), role(), null);
        JWTClaimsSet tooOld = workflow().expirationTime(null).issueTime(Date.from(NOW.minusSeconds(211)))
                .notBeforeTime(Date.from(NOW.minusSeconds(211))).build();
        assertThatThrownBy(() -> validate(sign(tooOld, KEYS), role(), null)).hasMessageContaining("token is expired");
        JWTClaimsSet none = workflow().expirationTime(null).issueTime(null).notBeforeTime(null).build();
        assertThatThrownBy(() -> validate(sign(none, KEYS), role(), null))
                .hasMessage("error validating token: no issued at (iat), not before (nbf), or expiration time (exp) claims in token");
    }

    @Test
    void theUserClaimMustBeAString() {
        JwtRole role = role();
        role.setUserClaim("environment");
        assertThatThrownBy(() -> validate(sign(workflow().build(), KEYS), role, null))
                .hasMessage("claim \"environment\" not found in token");
        role.setUserClaim("run_id");
        assertThatThrownBy(() -> validate(sign(workflow().claim("run_id", 42).build(), KEYS), role, null))
                .hasMessage("claim \"run_id\" could not be converted to string");
    }

    @Test
    void boundClaimsComeLast() {
        assertThatThrownBy(() -> validate(sign(workflow().build(), KEYS), role(), "{\"ref\":\"refs/heads/release\"}"))
                .hasMessage("error validating claims: claim \"ref\" does not match any associated bound claim values");
        JwtRole glob = role();
        glob.setBoundClaimsType("glob");
        validate(sign(workflow().build(), KEYS), glob, "{\"sub\":\"repo:octo-org/*\"}");
    }

    @Test
    void anOversizedTokenIsRefusedBeforeDecoding() {
        assertThatThrownBy(() -> validate("a".repeat(JwtValidator.MAX_TOKEN_LENGTH + 1), role(), null))
                .hasMessageContaining("malformed jwt");
    }
}
