package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.github.entity.CheckAnnotation;
import dev.tokenbroker.github.entity.CheckRun;
import dev.tokenbroker.github.entity.GitHubForbiddenException;
import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.GitHubRejectedException;
import dev.tokenbroker.github.entity.RepositoryFile;
import dev.tokenbroker.github.entity.TokenRequest;
import dev.tokenbroker.platform.control.BrokerVersion;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.GitHubSimulator.RecordedCall;
import dev.tokenbroker.testsupport.GitHubSimulator.RecordedCheckRun;
import dev.tokenbroker.testsupport.MapConfig;
import dev.tokenbroker.testsupport.TestKeys;

/**
 * The pull-request check's calls (issue 18) from {@link GitHubApi} down to the wire, against the GitHub simulator,
 * without a server: the beans are wired by hand (so no MicroProfile FT retries; GitHubAdapterIT has those).
 */
class GitHubApiChecksTest {

    private static final String APP_ID = "4242";
    private static final long INSTALLATION = 7002;
    private static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static KeyPair appKey;

    private GitHubSimulator github;
    private GitHubApi api;

    @BeforeAll
    static void key() {
        appKey = TestKeys.rsa();
    }

    @BeforeEach
    void wire() {
        github = GitHubSimulator.start(APP_ID, (RSAPublicKey) appKey.getPublic());
        github.install("octo-org", INSTALLATION, 9001, "Organization",
                Map.of("contents", "read", "pull_requests", "read", "checks", "write"), List.of());
        github.addRepository("octo-org", "app");

        Clock clock = Clock.systemUTC();
        Metrics metrics = new Metrics();
        ConfigurationProblems problems = new ConfigurationProblems();
        Settings settings = new Settings(new MapConfig(Map.of(GitHubSettings.API_URL, github.baseUrl().toString(),
                GitHubAppCredentials.APP_ID, APP_ID, GitHubAppCredentials.PRIVATE_KEY, TestKeys.pkcs1Pem(appKey))), problems);
        GitHubSettings gitHub = new GitHubSettings();
        gitHub.settings = settings;
        gitHub.problems = problems;
        gitHub.version = new BrokerVersion();
        gitHub.read();
        GitHubAppCredentials credentials = new GitHubAppCredentials();
        credentials.settings = settings;
        credentials.clock = clock;
        credentials.read();
        GitHubCircuit circuit = new GitHubCircuit();
        circuit.metrics = metrics;
        circuit.settings = settings;
        circuit.clock = clock;
        circuit.readSettings();
        RateLimitGate gate = new RateLimitGate();
        gate.clock = clock;
        GitHubTransport transport = new GitHubTransport();
        transport.metrics = metrics;
        transport.settings = gitHub;
        transport.gate = gate;
        transport.circuit = circuit;
        transport.clock = clock;
        transport.app = credentials;
        transport.createClient();
        GitHubRetries retries = new GitHubRetries();
        retries.transport = transport;
        ConditionalReadCache conditional = new ConditionalReadCache();
        conditional.metrics = metrics;
        GitHubClient client = new GitHubClient();
        client.retries = retries;
        client.transport = transport;
        client.gate = gate;
        client.circuit = circuit;
        client.settings = gitHub;
        client.conditional = conditional;
        client.clock = clock;
        client.metrics = metrics;
        api = new GitHubApi();
        api.client = client;
        api.settings = gitHub;
        api.clock = clock;
        api.writeSpacing = Duration.ZERO;
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private String token(Map<String, String> permissions) {
        return api.mint(INSTALLATION, TokenRequest.forRepositories(List.of("app"), permissions)).token();
    }

    @Test
    void theFilesOfAPullRequestComeFromEveryPageWithoutTheRemovedOnes() {
        Map<String, String> changed = new LinkedHashMap<>();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            String name = String.format("team-%03d/.github/access-token.yaml", i);
            changed.put(name, i % 7 == 0 ? "removed" : i % 5 == 0 ? "renamed" : "added");
            if (i % 7 != 0) {
                expected.add(name);
            }
        }
        github.addPullRequest("octo-org", "app", 12, HEAD, changed);
        String token = token(Map.of("pull_requests", "read"));
        github.resetCalls();

        assertThat(api.pullRequestFiles(INSTALLATION, token, "octo-org", "app", 12)).isEqualTo(expected);

        List<RecordedCall> calls = github.calls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path()).isEqualTo("/repos/octo-org/app/pulls/12/files");
        assertThat(calls.get(0).query()).isEqualTo("per_page=100");
        assertThat(calls.get(1).path()).as("GitHub's next link, followed as given").startsWith("/repositories/");
        assertThat(calls.get(1).headers()).doesNotContainKey("if-none-match");
        assertThatThrownBy(() -> api.pullRequestFiles(INSTALLATION, token, "octo-org", "app", 13))
                .isInstanceOf(GitHubNotFoundException.class);
        assertThatThrownBy(() -> api.pullRequestFiles(INSTALLATION, token, "octo-org", "app", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPullRequestListsAtMostTheThreeThousandFilesGitHubDoes() {
        Map<String, String> changed = new LinkedHashMap<>();
        IntStream.rangeClosed(1, 3100).forEach(i -> changed.put(String.format("f%04d.yaml", i), "modified"));
        github.addPullRequest("octo-org", "app", 12, HEAD, changed);
        String token = token(Map.of("pull_requests", "read"));

        List<String> files = api.pullRequestFiles(INSTALLATION, token, "octo-org", "app", 12);

        assertThat(files).hasSize(3000).endsWith("f3000.yaml");
        assertThat(github.count(GitHubSimulator.PULL_FILES)).isEqualTo(30);
    }

    @Test
    void aFileIsReadAtACommitWhileReadFileStillReadsTheDefaultBranchConditionally() {
        github.putFile("octo-org", "app", ".github/access-token.yaml", "statements: []\n");
        github.addFileAt("octo-org", "app", HEAD, ".github/access-token.yaml", "statements: [proposed]\n");
        String token = token(Map.of("contents", "read"));
        github.resetCalls();

        RepositoryFile atHead = api.readFileAt(INSTALLATION, token, "octo-org", "app", ".github/access-token.yaml", HEAD, 1024);
        assertThat(atHead.text()).isEqualTo("statements: [proposed]\n");
        assertThat(atHead.path()).isEqualTo(".github/access-token.yaml");
        assertThat(atHead.notModified()).isFalse();
        api.readFileAt(INSTALLATION, token, "octo-org", "app", ".github/access-token.yaml", HEAD, 1024);
        assertThat(github.calls()).extracting(RecordedCall::query).containsExactly("ref=" + HEAD, "ref=" + HEAD);
        assertThat(github.calls().get(1).headers()).as("a commit's file is not revalidated").doesNotContainKey("if-none-match");

        assertThat(api.readFile(INSTALLATION, token, "octo-org", "app", ".github/access-token.yaml", 1024).text())
                .isEqualTo("statements: []\n");
        assertThat(api.readFile(INSTALLATION, token, "octo-org", "app", ".github/access-token.yaml", 1024).notModified())
                .isTrue();

        int calls = github.totalCalls();
        assertThatThrownBy(() -> api.readFileAt(INSTALLATION, token, "octo-org", "app", ".github/access-token.yaml",
                "main", 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThat(github.totalCalls()).isEqualTo(calls);
        assertThatThrownBy(() -> api.readFileAt(INSTALLATION, token, "octo-org", "app", ".github/access-token.yaml",
                "c".repeat(40), 1024)).isInstanceOf(GitHubNotFoundException.class);
        assertThatThrownBy(() -> api.readFileAt(INSTALLATION, token, "octo-org", "app", ".github/access-token.yaml",
                HEAD, 10)).isInstanceOf(dev.tokenbroker.github.entity.UnreadableFileException.class);
    }

    @Test
    void aCheckRunWith120AnnotationsIsOneCreateAndTwoSpacedUpdates() {
        github.addPullRequest("octo-org", "app", 12, HEAD, Map.of(".github/access-token.yaml", "modified"));
        String token = token(Map.of("checks", "write"));
        List<CheckAnnotation> annotations = IntStream.rangeClosed(1, 120).mapToObj(i -> new CheckAnnotation(
                ".github/access-token.yaml", i, i, i % 2 == 0 ? "failure" : "warning", "t".repeat(300), "m" + i)).toList();
        api.writeSpacing = Duration.ofMillis(150);
        github.resetCalls();

        long started = System.nanoTime();
        api.createCheckRun(INSTALLATION, token, "octo-org", "app",
                new CheckRun("access-token policy", HEAD, "failure", "120 problems", "See the annotations.", annotations));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(github.calls()).extracting(RecordedCall::routeKey).containsExactly(GitHubSimulator.CREATE_CHECK_RUN,
                GitHubSimulator.UPDATE_CHECK_RUN, GitHubSimulator.UPDATE_CHECK_RUN);
        RecordedCheckRun run = github.checkRuns().get(0);
        assertThat(run.updates()).isEqualTo(2);
        assertThat(run.conclusion()).isEqualTo("failure");
        assertThat(run.status()).isEqualTo("completed");
        assertThat(run.title()).isEqualTo("120 problems");
        assertThat(run.summary()).isEqualTo("See the annotations.");
        assertThat(run.annotations()).hasSize(120);
        assertThat(run.annotations()).extracting(GitHubSimulator.RecordedAnnotation::startLine)
                .isEqualTo(IntStream.rangeClosed(1, 120).boxed().toList());
        assertThat(run.annotations().get(0).title()).as("cut to GitHub's 255").hasSize(255).endsWith("…");
        assertThat(github.calls().get(1).path()).isEqualTo("/repos/octo-org/app/check-runs/" + run.id());
    }

    @Test
    void githubsRefusalsSurfaceAsTheAdaptersAndAreNotRepeated() {
        String token = token(Map.of("checks", "write"));
        github.resetCalls();

        CheckRun unknownCommit = new CheckRun("c", "d".repeat(40), "success", "t", "s", List.of());
        assertThatThrownBy(() -> api.createCheckRun(INSTALLATION, token, "octo-org", "app", unknownCommit))
                .isInstanceOf(GitHubRejectedException.class).hasMessageContaining("No commit found for SHA");
        assertThat(github.count(GitHubSimulator.CREATE_CHECK_RUN)).isEqualTo(1);

        github.addPullRequest("octo-org", "app", 12, HEAD, Map.of());
        String readOnly = token(Map.of("contents", "read"));
        assertThatThrownBy(() -> api.createCheckRun(INSTALLATION, readOnly, "octo-org", "app",
                new CheckRun("c", HEAD, "success", "t", "s", List.of()))).isInstanceOf(GitHubForbiddenException.class);
        assertThatThrownBy(() -> api.createCheckRun(INSTALLATION, token, "octo-org", "app",
                new CheckRun("c", "HEAD", "success", "t", "s", List.of()))).isInstanceOf(IllegalArgumentException.class);
        assertThat(github.count(GitHubSimulator.CREATE_CHECK_RUN)).isEqualTo(2);
        assertThat(github.checkRuns()).isEmpty();
    }
}
