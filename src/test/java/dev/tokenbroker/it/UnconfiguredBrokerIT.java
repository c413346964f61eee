package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;

import jakarta.json.JsonObject;

import dev.tokenbroker.it.HttpProbe.Answer;
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

/**
 * A broker whose App key file cannot be read and that has no audiences still deploys: readiness is DOWN naming each
 * setting, liveness is UP, whatever needs GitHub answers 503 naming the setting without calling GitHub, and the
 * exchange refuses to work at all.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UnconfiguredBrokerIT {

    private static GitHubSimulator github;

    /** Long enough, but not in Vault's token form: before, it was logged as "in place" and then refused everywhere. */
    private static final String MALFORMED_ROOT = "my-very-secret-root-token-value";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        KeyPair appKey = TestKeys.rsa();
        github = GitHubSimulator.start("1", (RSAPublicKey) appKey.getPublic());
        return BrokerDeployment.of(Map.of(
                "broker.github.api-url", github.baseUrl().toString(),
                "broker.github.app-id", "1",
                "broker.github.private-key-file", "/nonexistent/app-key.pem",
                "broker.github.read-timeout", "soon",
                "broker.github.circuit-breaker.open-for", "0s",
                "dev.tokenbroker.github.control.GitHubTransport/send/CircuitBreaker/delayUnit", "MILLIS",
                "broker.vault.root-token.value", MALFORMED_ROOT));
    }

    @AfterAll
    static void stopSimulator() {
        if (github != null) {
            github.close();
        }
    }

    @Test
    void readinessIsDownNamingEachUnusableSettingWhileLivenessIsUp() {
        HttpProbe broker = new HttpProbe(base);
        Answer ready = broker.get("health/ready");
        assertThat(ready.status()).isEqualTo(503);
        JsonObject json = ready.json();
        assertThat(json.getString("status")).isEqualTo("DOWN");
        assertThat(json.toString())
                .contains("broker.github.private-key-file")
                .contains("/nonexistent/app-key.pem")
                .contains("broker.github.read-timeout")
                .contains("broker.github.circuit-breaker.open-for")
                .contains("GitHubTransport/send/CircuitBreaker/delayUnit: no longer used")
                .contains("broker.vault.root-token.value: must be a token in Vault's form")
                .doesNotContain(MALFORMED_ROOT)
                .contains("mp.jwt.verify.audiences is not configured");
        assertThat(broker.get("health/live").json().getString("status")).isEqualTo("UP");
    }

    @Test
    void withoutAudiencesEveryExchangeIsRefusedWith503NamingTheSetting() {
        ExchangeClient client = new ExchangeClient(base);
        ExchangeClient.Answer answer = client.post("any.token.here", "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(answer.status()).isIn(401, 503);
        ExchangeClient.Answer anonymous = client.post(null, "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(anonymous.status()).isEqualTo(503);
        assertThat(anonymous.message()).startsWith("mp.jwt.verify.audiences is not configured");
        assertThat(github.totalCalls()).isZero();
    }

    @Test
    void callsThatNeedGitHubAnswer503NamingTheSettingWithoutCallingGitHub() {
        HttpProbe broker = new HttpProbe(base);
        Answer answer = broker.get("it/github/installations/octo-org");
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().getString("setting")).isEqualTo("broker.github.private-key-file");
        assertThat(answer.json().getString("message")).contains("broker.github.private-key-file");
        assertThat(github.totalCalls()).isZero();
    }

    /** issue 18: without a webhook secret (the default) no delivery is processed, signed or not; the answer names the key. */
    @Test
    void withoutAWebhookSecretEveryDeliveryIsRefusedWith503NamingTheSetting() {
        ExchangeClient client = new ExchangeClient(base);
        ExchangeClient.Answer answer = client.send("POST", "webhooks/github", "{\"zen\":\"x\"}", "Content-Type",
                "application/json", "X-GitHub-Event", "ping", "X-GitHub-Delivery", "d-1", "X-Hub-Signature-256",
                "sha256=" + "0".repeat(64));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.json().getString("message")).contains("broker.github.webhook-secret");
    }

    @Test
    void d5WithoutARootTokenNoWellKnownTokenWorks() {
        VaultClient vault = new VaultClient(base);
        for (String guess : new String[] {"hvs.root", "root", "s.root", "hvs.00000000000000000000000000000000000000000",
            MALFORMED_ROOT}) {
            assertThat(vault.send("GET", "auth/token/lookup-self", null, "X-Vault-Token", guess).status()).as(guess).isEqualTo(403);
        }
        assertThat(vault.send("GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
    }
}
