package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Map;

import jakarta.json.JsonObject;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.TestKeys;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Vault-compatible API ({@code /v1}) from outside the container: HTTP conventions (vault-api.md §1, cases C). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VaultIT {

    private static GitHubSimulator github;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        KeyPair appKey = TestKeys.rsa();
        github = GitHubSimulator.start("1", (RSAPublicKey) appKey.getPublic());
        return BrokerDeployment.of(Map.of(
                "broker.github.api-url", github.baseUrl().toString(),
                "broker.github.app-id", "1",
                "broker.github.private-key-file", BrokerDeployment.writeSecret("vault-it-app-key.pem", TestKeys.pkcs1Pem(appKey)).toString(),
                "mp.jwt.verify.audiences", "broker.example.org",
                "broker.vault.health.version", "1.15.0-broker",
                "broker.vault.encryption.key", java.util.Base64.getEncoder().encodeToString(new byte[32])));
    }

    @AfterAll
    static void stopSimulator() {
        if (github != null) {
            github.close();
        }
    }

    private VaultClient vault() {
        return new VaultClient(base);
    }

    private static void assertVaultHeaders(Answer answer) {
        assertThat(answer.header("Content-Type")).as(answer.toString()).isEqualTo("application/json");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void c15HealthIsTheBareObjectAndHonoursActivecode() {
        Answer health = vault().send("GET", "sys/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertVaultHeaders(health);
        JsonObject body = health.json();
        assertThat(body.getBoolean("initialized")).isTrue();
        assertThat(body.getBoolean("sealed")).isFalse();
        assertThat(body.getBoolean("standby")).isFalse();
        assertThat(body.getString("replication_dr_mode")).isEqualTo("disabled");
        assertThat(body.getString("version")).isEqualTo("1.15.0-broker");
        assertThat(body.getJsonNumber("server_time_utc").longValue()).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(30L));
        assertThat(body).doesNotContainKey("data");

        Answer head = vault().send("HEAD", "sys/health", null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.raw()).isEmpty();

        assertThat(vault().send("GET", "sys/health?activecode=299", null).status()).isEqualTo(299);
        Answer bad = vault().send("GET", "sys/health?activecode=x", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    void c6AnUnknownVerbIs405WithNoMessage() {
        Answer foo = vault().send("FOO", "sys/health", null);
        assertThat(foo.status()).isEqualTo(405);
        assertThat(foo.raw()).isEqualTo("{\"errors\":[]}");
        assertVaultHeaders(foo);
    }

    @Test
    void c13UnknownPathsUnderAMountAreWrappedElsewherePlain() {
        Answer underMount = vault().send("GET", "auth/github/nope", null);
        assertThat(underMount.status()).isEqualTo(404);
        assertThat(underMount.error()).isEqualTo("1 error occurred:\n\t* unsupported path\n\n");
        assertVaultHeaders(underMount);
        Answer elsewhere = vault().send("GET", "foo/bar", null);
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.error()).isEqualTo("no handler for route \"foo/bar\". route entry not found.");
        assertThat(elsewhere.raw()).contains("\"errors\":[");
    }

    @Test
    void aKnownPathWithAnUnsupportedMethodIs405Wrapped() {
        Answer post = vault().send("POST", "sys/health", "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.error()).isEqualTo("1 error occurred:\n\t* unsupported operation\n\n");
    }

    @Test
    void c14NamespacesAndResponseWrappingAreRefused() {
        assertThat(vault().send("GET", "sys/health", null, "X-Vault-Namespace", "").status()).isEqualTo(200);
        assertThat(vault().send("GET", "sys/health", null, "X-Vault-Namespace", "root").status()).isEqualTo(200);
        Answer team = vault().send("GET", "sys/health", null, "X-Vault-Namespace", "team1");
        assertThat(team.status()).isEqualTo(400);
        assertThat(team.error()).isEqualTo("namespaces are not supported by this server");
        Answer wrap = vault().send("GET", "sys/health", null, "X-Vault-Wrap-TTL", "60");
        assertThat(wrap.status()).isEqualTo(400);
        assertThat(wrap.error()).isEqualTo("response wrapping is not supported by this server");
    }

    @Test
    void c16ABodyOverTheLimitIs413() {
        Answer big = vault().send("PUT", "sys/policies/acl/x", "{\"policy\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.error()).isEqualTo("request body too large");
        assertVaultHeaders(big);
    }

    @Test
    void aBearerVaultTokenIsNotMistakenForAWorkflowToken() {
        Answer health = vault().send("GET", "sys/health", null, "Authorization", "Bearer hvs.notAnOidcToken");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().getBoolean("initialized")).isTrue();
        Answer unknown = vault().send("GET", "foo/bar", null, "Authorization", "Bearer hvs.notAnOidcToken");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aDotSegmentIsAnInvalidPath() {
        Answer dots = vault().send("GET", "sys/%2e%2e/health", null);
        assertThat(dots.status()).as(dots.toString()).isEqualTo(400);
        assertThat(dots.error()).isEqualTo("invalid request path");
    }
}
