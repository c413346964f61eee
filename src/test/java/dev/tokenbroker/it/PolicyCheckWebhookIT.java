package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tokenbroker.policycheck.control.WebhookSignature;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.GitHubSimulator.RecordedCheckRun;
import dev.tokenbroker.testsupport.TestKeys;

/**
 * issue 18: the GitHub App's webhooks at {@code /webhooks/github}: a pull request that changes a policy file gets a
 * check run with the findings on their lines, exactly once per delivery; unsigned, tampered, oversized and non-JSON
 * deliveries are refused before anything else; a change without policy files gets no check run.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PolicyCheckWebhookIT {

    private static final String SECRET = "a-webhook-secret-for-the-policy-check-it";
    private static final long INSTALLATION = 4343;
    private static GitHubSimulator github;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        KeyPair appKey = TestKeys.rsa();
        github = GitHubSimulator.start("1", (RSAPublicKey) appKey.getPublic());
        github.install("octo-org", INSTALLATION, 6543, "Organization", Map.of("contents", "read", "single_file", "read",
                "metadata", "read", "checks", "write", "pull_requests", "read"), List.of());
        github.addRepository("octo-org", "website");
        github.addRepository("octo-org", ".github-access-token");
        github.putFile("octo-org", ".github-access-token", "access-token.yaml",
                "origin: octo-org/.github-access-token\nallowed-repository-permissions: {contents: read}\n");
        Map<String, String> settings = new HashMap<>(Map.of(
                "broker.github.api-url", github.baseUrl().toString(),
                "broker.github.app-id", "1",
                "broker.github.private-key-file", BrokerDeployment.writeSecret("webhook-it-app-key.pem",
                        TestKeys.pkcs1Pem(appKey)).toString(),
                "mp.jwt.verify.audiences", "broker.example.org",
                "broker.github.webhook-secret", SECRET));
        return BrokerDeployment.of(settings);
    }

    @AfterAll
    static void stop() {
        if (github != null) {
            github.close();
        }
    }

    private static String sha() {
        return UUID.randomUUID().toString().replace("-", "") + "abcdef01";
    }

    private static String pullRequest(long number, String sha) {
        return "{\"action\":\"synchronize\",\"number\":" + number + ",\"pull_request\":{\"number\":" + number
                + ",\"head\":{\"sha\":\"" + sha + "\"}},\"repository\":{\"name\":\"website\",\"owner\":{\"login\":\"octo-org\"}},"
                + "\"installation\":{\"id\":" + INSTALLATION + "}}";
    }

    private HttpResponse<String> deliver(String event, String delivery, String body, String signature, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("webhooks/github"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType)
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery);
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return TestHttp.send(TestHttp.client(), request);
    }

    private HttpResponse<String> deliver(String event, String delivery, String body) {
        return deliver(event, delivery, body, WebhookSignature.header(SECRET, body.getBytes(StandardCharsets.UTF_8)),
                "application/json");
    }

    private List<RecordedCheckRun> runsFor(String sha) {
        return github.checkRuns().stream().filter(r -> r.headSha().equals(sha)).toList();
    }

    @Test
    void aPullRequestChangingAPolicyGetsOneCheckRunWithItsFindingsOnTheirLines() {
        String sha = sha();
        github.addPullRequest("octo-org", "website", 7, sha, Map.of(".github/access-token.yaml", "modified", "README.md", "modified"));
        github.addFileAt("octo-org", "website", sha, ".github/access-token.yaml", "origin: octo-org/website\nstatements:\n"
                + "  - subjects: ['repo:octo-org/deployer:**']\n    permissions: {contents: writ}\n");
        String delivery = UUID.randomUUID().toString();
        HttpResponse<String> accepted = deliver("pull_request", delivery, pullRequest(7, sha));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !runsFor(sha).isEmpty());
        RecordedCheckRun run = runsFor(sha).get(0);
        assertThat(run.name()).isEqualTo("access-token policy");
        assertThat(run.conclusion()).isEqualTo("failure");
        assertThat(run.title()).isEqualTo("1 error, 0 warnings");
        assertThat(run.annotations()).singleElement().satisfies(a -> {
            assertThat(a.path()).isEqualTo(".github/access-token.yaml");
            assertThat(a.startLine()).isEqualTo(4);
            assertThat(a.level()).isEqualTo("failure");
            assertThat(a.message()).contains("level must be one of read, write", "Did you mean 'write'?");
        });

        HttpResponse<String> again = deliver("pull_request", delivery, pullRequest(7, sha));
        assertThat(again.statusCode()).as("a replay of the same delivery").isEqualTo(200);
        assertThat(again.body()).contains("received before");
        assertThat(runsFor(sha)).as("never posted twice for one delivery").hasSize(1);
    }

    @Test
    void aRepositoryPolicyGrantingBeyondTheOwnerPolicyInForceGetsAWarning() {
        String sha = sha();
        github.addPullRequest("octo-org", "website", 11, sha, Map.of(".github/access-token.yml", "added"));
        github.addFileAt("octo-org", "website", sha, ".github/access-token.yml", "origin: octo-org/website\nstatements:\n"
                + "  - subjects: ['repo:octo-org/deployer:**']\n    permissions: {contents: write}\n");
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), pullRequest(11, sha)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !runsFor(sha).isEmpty());
        RecordedCheckRun run = runsFor(sha).get(0);
        assertThat(run.conclusion()).isEqualTo("success");
        assertThat(run.annotations()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo("warning");
            assertThat(a.startLine()).isEqualTo(4);
            assertThat(a.message()).contains("grants 'contents: write', but the owner policy (octo-org/.github-access-token) "
                    + "allows at most 'contents: read'");
        });
    }

    @Test
    void aPushToThePolicyRepositoryIsCheckedAsAnOwnerPolicy() {
        String sha = sha();
        github.addFileAt("octo-org", ".github-access-token", sha, "access-token.yaml",
                "origin: octo-org/.github-access-token\nallowed-subjects: ['repo:**']\n");
        String push = "{\"ref\":\"refs/heads/main\",\"after\":\"" + sha + "\",\"deleted\":false,\"commits\":[{\"id\":\"" + sha
                + "\",\"added\":[],\"modified\":[\"access-token.yaml\"],\"removed\":[]}],\"repository\":{\"name\":"
                + "\".github-access-token\",\"owner\":{\"login\":\"octo-org\"}},\"installation\":{\"id\":" + INSTALLATION + "}}";
        assertThat(deliver("push", UUID.randomUUID().toString(), push).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !runsFor(sha).isEmpty());
        RecordedCheckRun run = runsFor(sha).get(0);
        assertThat(run.conclusion()).as("a warning passes").isEqualTo("success");
        assertThat(run.annotations()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo("warning");
            assertThat(a.startLine()).isEqualTo(2);
            assertThat(a.message()).contains("matches every workflow of every owner");
        });
    }

    @Test
    void aChangeWithoutPolicyFilesGetsNoCheckRun() {
        String sha = sha();
        github.addPullRequest("octo-org", "website", 8, sha, Map.of("src/app.js", "modified"));
        int revokedBefore = github.revokedTokens().size();
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), pullRequest(8, sha)).statusCode()).isEqualTo(202);
        // the check's token is revoked when it has finished, whatever it found
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> github.revokedTokens().size() > revokedBefore);
        assertThat(runsFor(sha)).isEmpty();
        String closed = pullRequest(8, sha).replace("synchronize", "closed");
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), closed).statusCode()).as("nothing to check").isEqualTo(202);
    }

    @Test
    void unsignedTamperedOversizedAndNonJsonDeliveriesAreRefused() {
        String body = pullRequest(9, sha());
        String signature = WebhookSignature.header(SECRET, body.getBytes(StandardCharsets.UTF_8));
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), body, null, "application/json").statusCode())
                .as("unsigned").isEqualTo(401);
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), body.replace("website", "elsewhere"), signature,
                "application/json").statusCode()).as("tampered").isEqualTo(401);
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), body,
                WebhookSignature.header("another-secret-of-enough-length", body.getBytes(StandardCharsets.UTF_8)),
                "application/json").statusCode()).as("another secret").isEqualTo(401);
        String huge = "{\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), huge).statusCode()).as("oversized").isEqualTo(413);
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), "payload=" + body,
                WebhookSignature.header(SECRET, ("payload=" + body).getBytes(StandardCharsets.UTF_8)),
                "application/x-www-form-urlencoded").statusCode()).as("form-encoded").isEqualTo(415);
        assertThat(deliver("ping", UUID.randomUUID().toString(), "{\"zen\":\"Keep it logically awesome.\"}").statusCode())
                .isEqualTo(200);
        assertThat(deliver("pull_request", "not a delivery id!", body).statusCode()).isEqualTo(400);
        assertThat(deliver("pull_request", UUID.randomUUID().toString(), "[1,2]").statusCode()).isEqualTo(400);
        assertThat(github.checkRuns().stream().filter(r -> r.repository().equals("elsewhere"))).isEmpty();
    }
}
