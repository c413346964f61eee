package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;

import dev.tokenbroker.github.entity.GitHubNotConfiguredException;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;
import dev.tokenbroker.testsupport.MutableClock;
import dev.tokenbroker.testsupport.TestKeys;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubAppCredentialsTest {

    private static KeyPair keys;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKey() {
        keys = TestKeys.rsa();
    }

    private GitHubAppCredentials credentials(Map<String, String> config) {
        Settings settings = new Settings(new MapConfig(config), new ConfigurationProblems());
        GitHubAppCredentials credentials = new GitHubAppCredentials();
        credentials.settings = settings;
        credentials.clock = clock;
        credentials.read();
        return credentials;
    }

    @Test
    void aMissingAppIdNamesTheSettingAndItsEnvironmentVariable() {
        GitHubAppCredentials c = credentials(Map.of("broker.github.private-key", TestKeys.pkcs1Pem(keys)));
        assertThat(c.problem()).get().extracting(GitHubNotConfiguredException::setting).isEqualTo("broker.github.app-id");
        assertThat(c.problem().get().getMessage()).contains("BROKER_GITHUB_APP_ID");
        assertThatThrownBy(c::jwt).isInstanceOf(GitHubNotConfiguredException.class).hasMessageContaining("broker.github.app-id");
    }

    @Test
    void aMissingKeyNamesBothWaysToGiveIt() {
        GitHubAppCredentials c = credentials(Map.of("broker.github.app-id", "1"));
        assertThat(c.problem().get().getMessage()).contains("broker.github.private-key-file").contains("broker.github.private-key");
    }

    @Test
    void anUnreadableKeyFileNamesTheFileAndTheSetting() {
        GitHubAppCredentials c = credentials(Map.of("broker.github.app-id", "1",
                "broker.github.private-key-file", dir.resolve("missing.pem").toString()));
        assertThat(c.problem().get().setting()).isEqualTo("broker.github.private-key-file");
        assertThat(c.problem().get().getMessage()).contains("missing.pem").contains("cannot be read");
    }

    @Test
    void aGarbageKeySaysWhyWithoutEchoingIt() {
        GitHubAppCredentials c = credentials(Map.of("broker.github.app-id", "1",
                "broker.github.private-key", PrivateKeyParser.block(PrivateKeyParser.PKCS1_LABEL, "c2VjcmV0c2VjcmV0")));
        assertThat(c.problem().get().getMessage()).contains("unusable").doesNotContain("c2VjcmV0");
    }

    @Test
    void bothInlineKeyAndKeyFileIsAmbiguous() {
        GitHubAppCredentials c = credentials(Map.of("broker.github.app-id", "1",
                "broker.github.private-key", TestKeys.pkcs1Pem(keys), "broker.github.private-key-file", "/x"));
        assertThat(c.problem().get().getMessage()).contains("only one");
    }

    @Test
    void aKeyFileSignsJwtsThatAreReusedUntilShortlyBeforeExpiry() throws Exception {
        Path file = Files.writeString(dir.resolve("app.pem"), TestKeys.pkcs1Pem(keys));
        Map<String, String> config = new HashMap<>(Map.of("broker.github.app-id", "Iv1.client",
                "broker.github.private-key-file", file.toString()));
        GitHubAppCredentials c = credentials(config);
        assertThat(c.problem()).isEmpty();
        String first = c.jwt();
        assertThat(SignedJWT.parse(first).verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
        assertThat(SignedJWT.parse(first).getJWTClaimsSet().getIssuer()).isEqualTo("Iv1.client");
        clock.advance(Duration.ofMinutes(7));
        assertThat(c.jwt()).isEqualTo(first);
        clock.advance(Duration.ofMinutes(1));
        assertThat(c.jwt()).isNotEqualTo(first);
    }
}
