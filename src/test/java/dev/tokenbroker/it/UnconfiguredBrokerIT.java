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
 * A broker whose App key file cannot be read still deploys: readiness is DOWN naming the setting, liveness is UP,
 * and whatever needs GitHub answers 503 naming the setting without calling GitHub.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UnconfiguredBrokerIT {

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
                "broker.github.private-key-file", "/nonexistent/app-key.pem",
                "broker.github.read-timeout", "soon"));
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
                .contains("broker.github.read-timeout");
        assertThat(broker.get("health/live").json().getString("status")).isEqualTo("UP");
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
}
