package dev.tokenbroker.it;

import static dev.tokenbroker.testsupport.GitHubSimulator.APP;
import static dev.tokenbroker.testsupport.GitHubSimulator.CONTENTS;
import static dev.tokenbroker.testsupport.GitHubSimulator.CREATE_CHECK_RUN;
import static dev.tokenbroker.testsupport.GitHubSimulator.MINT;
import static dev.tokenbroker.testsupport.GitHubSimulator.PULL_FILES;
import static dev.tokenbroker.testsupport.GitHubSimulator.REVOKE;
import static dev.tokenbroker.testsupport.GitHubSimulator.UPDATE_CHECK_RUN;
import static dev.tokenbroker.testsupport.GitHubSimulator.USER;
import static dev.tokenbroker.testsupport.GitHubSimulator.USER_INSTALLATION;
import static dev.tokenbroker.testsupport.GitHubSimulator.USER_ORGS;
import static dev.tokenbroker.testsupport.GitHubSimulator.USER_TEAMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.net.URL;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tokenbroker.it.HttpProbe.Answer;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.GitHubSimulator.Fault;
import dev.tokenbroker.testsupport.GitHubSimulator.RecordedCall;
import dev.tokenbroker.testsupport.GitHubSimulator.RecordedCheckRun;
import dev.tokenbroker.testsupport.TestKeys;

/**
 * The GitHub adapter inside the real WAR on Payara Micro, against the GitHub simulator: App JWT, mint, revoke,
 * conditional reads, pagination, and every fault-tolerance rule (retries, no retry of a mint 500, rate limits,
 * timeout, circuit breaker); and the pull-request policy check's calls (issue 18): a pull request's files, a file at
 * a commit, check runs. Outcomes are read through the test-only probe resource.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GitHubAdapterIT {

    private static final String APP_ID = "4242";
    private static final long INSTALLATION = 7001;
    private static final String PAT = "ghp_testtoken_for_user_calls";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration BREAKER_DELAY = Duration.ofSeconds(3);

    private static GitHubSimulator github;

    /** The time of the simulator and the broker; tests move it with {@link #advance} instead of waiting. */
    private static final dev.tokenbroker.testsupport.ShiftedClock WORLD = new dev.tokenbroker.testsupport.ShiftedClock();

    @ArquillianResource
    URL base;

    private void advance(Duration by) {
        TestClockResource.advance(base, WORLD, by);
    }

    private HttpProbe broker;

    @Deployment(testable = false)
    static WebArchive deployment() {
        KeyPair appKey = TestKeys.rsa();
        github = GitHubSimulator.start(APP_ID, (RSAPublicKey) appKey.getPublic());
        github.useClock(WORLD);
        return BrokerDeployment.of(Map.of(
                "broker.github.api-url", github.baseUrl().toString(),
                "broker.github.app-id", APP_ID,
                "broker.github.private-key-file", BrokerDeployment.writeSecret("adapter-it-app-key.pem", TestKeys.pkcs1Pem(appKey)).toString(),
                "broker.github.read-timeout", READ_TIMEOUT.toSeconds() + "s",
                "broker.exchange.installation.negative-ttl", "60s",
                "mp.jwt.verify.audiences", "broker.example.org",
                "broker.github.circuit-breaker.open-for", BREAKER_DELAY.toSeconds() + "s"));
    }

    @AfterAll
    static void stopSimulator() {
        if (github != null) {
            github.close();
        }
    }

    @BeforeEach
    void world() {
        assertThat(base.getPath()).as("the WAR must deploy at the context root").isIn("", "/");
        broker = new HttpProbe(base);
        github.releaseHanging();
        github.reset();
        github.install("octo-org", INSTALLATION, 9001, "Organization",
                Map.of("contents", "write", "issues", "write", "single_file", "read"), List.of(".github/access-token.yaml"));
        github.addRepository("octo-org", "app");
        github.addRepository("octo-org", "lib");
        github.addUser(PAT, "octocat", 1);
        github.addUserOrganization(PAT, "octo-org", 9001);
        // One success, so that failures left by an earlier test never add up to an open breaker in this one.
        assertThat(broker.get("it/github/user", "X-Token", PAT).ok()).isTrue();
        github.resetCalls();
    }

    @Test
    void mintsExactlyWhatWasAskedWithAnAppJwtGitHubAccepts() {
        Answer installation = broker.get("it/github/installations/Octo-Org");
        assertThat(installation.ok()).as(installation.json().toString()).isTrue();
        assertThat(installation.json().getJsonNumber("id").longValue()).isEqualTo(INSTALLATION);
        assertThat(installation.json().getJsonNumber("accountId").longValue()).isEqualTo(9001);

        Answer minted = broker.post("it/github/mint/" + INSTALLATION + "?repos=app,lib&perms=contents:read,issues:write");
        assertThat(minted.ok()).as(minted.json().toString()).isTrue();
        String token = minted.json().getString("token");
        JsonObject asked = Json.createReader(new StringReader(GitHubSimulator.echoedRequestBody(token))).readObject();
        assertThat(asked.getJsonArray("repositories").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("app", "lib");
        assertThat(asked.getJsonObject("permissions")).containsOnlyKeys("contents", "issues");
        assertThat(asked.getJsonObject("permissions").getString("contents")).isEqualTo("read");
        assertThat(Instant.parse(minted.json().getString("expiresAt"))).isAfter(Instant.now().plus(Duration.ofMinutes(50)));

        // the simulator verified the App JWT (else 401); both calls reached it once, with the pinned headers
        assertThat(github.count(USER_INSTALLATION)).isEqualTo(1);
        assertThat(github.count(MINT)).isEqualTo(1);
        RecordedCall mint = github.calls().stream().filter(c -> c.routeKey().equals(MINT)).findFirst().orElseThrow();
        assertThat(mint.headers()).containsEntry("x-github-api-version", "2022-11-28")
                .containsEntry("accept", "application/vnd.github+json");
        assertThat(mint.headers().get("user-agent")).startsWith("tokenbroker/");
        assertThat(mint.headers().get("authorization")).startsWith("Bearer ey");

        // the installation is cached per owner, case-insensitively
        assertThat(broker.get("it/github/installations/octo-org").ok()).isTrue();
        assertThat(github.count(USER_INSTALLATION)).isEqualTo(1);
    }

    @Test
    void installationOfARepository() {
        Answer found = broker.get("it/github/installations/octo-org/app");
        assertThat(found.ok()).as(found.json().toString()).isTrue();
        assertThat(found.json().getJsonNumber("id").longValue()).isEqualTo(INSTALLATION);
        assertThat(broker.get("it/github/installations/octo-org/nope").type()).isEqualTo("GitHubNotFoundException");
    }

    @Test
    void aRevokedTokenIsGoneAndRevokingItAgainCountsAsDone() {
        String token = broker.post("it/github/mint/" + INSTALLATION + "?repos=app&perms=contents:read").json().getString("token");
        assertThat(broker.post("it/github/revoke", "X-Token", token).ok()).isTrue();
        assertThat(github.revokedTokens()).contains(token);
        Answer again = broker.post("it/github/revoke", "X-Token", token);
        assertThat(again.ok()).as("GitHub's 401 for a dead token counts as revoked").isTrue();
        assertThat(github.count(REVOKE)).isEqualTo(2);
    }

    @Test
    void aReadAnswered502ThenSucceedsAfterExactlyOneRetry() {
        github.enqueue(USER, Fault.status(502));
        Answer user = broker.get("it/github/user", "X-Token", PAT);
        assertThat(user.ok()).as(user.json().toString()).isTrue();
        assertThat(github.count(USER)).isEqualTo(2);
    }

    @Test
    void aReadThatKeepsFailingIsTriedThreeTimesThenUnavailable() {
        github.enqueue(USER_ORGS, Fault.status(503), Fault.status(503), Fault.status(503));
        Answer orgs = broker.get("it/github/user/orgs", "X-Token", PAT);
        assertThat(orgs.status()).isEqualTo(503);
        assertThat(orgs.type()).isEqualTo("GitHubUnavailableException");
        assertThat(github.count(USER_ORGS)).isEqualTo(3);
    }

    @Test
    void aMintAnswered500IsNeverRetried() {
        github.enqueue(MINT, Fault.status(500));
        Answer minted = broker.post("it/github/mint/" + INSTALLATION + "?repos=app&perms=contents:read");
        assertThat(minted.type()).isEqualTo("GitHubOutcomeUnknownException");
        assertThat(github.count(MINT)).isEqualTo(1);
    }

    @Test
    void aMintAnswered502IsRetriedOnce() {
        github.enqueue(MINT, Fault.status(502));
        Answer minted = broker.post("it/github/mint/" + INSTALLATION + "?repos=app&perms=contents:read");
        assertThat(minted.ok()).as(minted.json().toString()).isTrue();
        assertThat(github.count(MINT)).isEqualTo(2);
    }

    @Test
    void notFoundIsNotRetriedAndIsRememberedBriefly() {
        Answer missing = broker.get("it/github/installations/nobody");
        assertThat(missing.type()).isEqualTo("GitHubNotFoundException");
        assertThat(github.count(USER_INSTALLATION)).isEqualTo(1);
        assertThat(broker.get("it/github/installations/nobody").type()).isEqualTo("GitHubNotFoundException");
        assertThat(github.count(USER_INSTALLATION)).as("negative cache").isEqualTo(1);
    }

    @Test
    void aRejectedMintIsNotRetried() {
        Answer minted = broker.post("it/github/mint/" + INSTALLATION + "?repos=app&perms=administration:write");
        assertThat(minted.type()).isEqualTo("GitHubRejectedException");
        assertThat(minted.json().getString("message")).contains("not granted");
        assertThat(github.count(MINT)).isEqualTo(1);
    }

    @Test
    void aShortRateLimitIsWaitedOutHonouringRetryAfter() {
        github.enqueue(USER, Fault.status(429).withHeader("retry-after", "1"));
        Answer user = broker.get("it/github/user", "X-Token", PAT);
        assertThat(user.ok()).as(user.json().toString()).isTrue();
        assertThat(github.count(USER)).isEqualTo(2);
        assertThat(user.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anExhaustedQuotaIsAnsweredAtOnceAndNotCalledAgainUntilTheReset() {
        String reset = String.valueOf(Instant.now().plusSeconds(1200).getEpochSecond());
        github.enqueue(USER_TEAMS, Fault.status(403).withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", reset).withBody("{\"message\":\"API rate limit exceeded\"}"));
        String token = "ghp_quota_test_token";
        github.addUser(token, "limited", 2);
        Answer first = broker.get("it/github/user/teams", "X-Token", token);
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.json().getJsonNumber("retryAfter").longValue()).isBetween(1190L, 1200L);
        Answer second = broker.get("it/github/user/teams", "X-Token", token);
        assertThat(second.status()).isEqualTo(429);
        assertThat(github.count(USER_TEAMS)).as("the gate holds the second call back").isEqualTo(1);
        assertThat(broker.get("it/github/user/teams", "X-Token", PAT).ok()).as("other credentials are not limited").isTrue();
    }

    @Test
    void aPlain403IsARefusalNotARateLimit() {
        github.enqueue(USER, Fault.status(403).withBody("{\"message\":\"Resource protected by organization SAML enforcement.\"}"));
        Answer user = broker.get("it/github/user", "X-Token", PAT);
        assertThat(user.type()).isEqualTo("GitHubForbiddenException");
        assertThat(github.count(USER)).isEqualTo(1);
    }

    @Test
    void aGitHubThatNeverAnswersEndsWithinTheTimeout() {
        github.failAlways(MINT, Fault.hang());
        Answer mint = broker.post("it/github/mint/" + INSTALLATION + "?repos=app&perms=contents:read");
        assertThat(mint.type()).isEqualTo("GitHubOutcomeUnknownException");
        assertThat(mint.took()).isLessThan(READ_TIMEOUT.plusSeconds(2));
        assertThat(github.count(MINT)).as("a mint that may have happened is not repeated").isEqualTo(1);

        github.failAlways(USER, Fault.hang());
        Answer read = broker.get("it/github/user", "X-Token", PAT);
        assertThat(read.status()).isEqualTo(503);
        assertThat(github.count(USER)).as("a read is tried three times").isEqualTo(3);
        assertThat(read.took()).isLessThan(READ_TIMEOUT.multipliedBy(3).plusSeconds(3));
        github.clearFaults();
        github.releaseHanging();
    }

    @Test
    void aNotModifiedFileIsServedFromTheCache() {
        github.putFile("octo-org", "app", ".github/access-token.yaml", "statements: []\n");
        String reader = broker.post("it/github/mint/" + INSTALLATION + "?perms=single_file:read").json().getString("token");
        Answer first = broker.get("it/github/files/octo-org/app?path=.github/access-token.yaml", "X-Token", reader);
        assertThat(first.ok()).as(first.json().toString()).isTrue();
        assertThat(first.json().getBoolean("notModified")).isFalse();
        Answer second = broker.get("it/github/files/octo-org/app?path=.github/access-token.yaml", "X-Token", reader);
        assertThat(second.json().getBoolean("notModified")).isTrue();
        assertThat(second.json().getString("text")).isEqualTo("statements: []\n");
        List<RecordedCall> reads = github.calls().stream().filter(c -> c.routeKey().equals(CONTENTS)).toList();
        assertThat(reads).hasSize(2);
        assertThat(reads.get(1).headers().get("if-none-match")).isEqualTo(first.json().getString("etag"));
        assertThat(reads.get(1).status()).isEqualTo(304);

        github.putFile("octo-org", "app", ".github/access-token.yaml", "statements: [changed]\n");
        Answer third = broker.get("it/github/files/octo-org/app?path=.github/access-token.yaml", "X-Token", reader);
        assertThat(third.json().getBoolean("notModified")).isFalse();
        assertThat(third.json().getString("text")).isEqualTo("statements: [changed]\n");
    }

    @Test
    void collectsEveryPageOfTeams() {
        for (int i = 1; i <= 250; i++) {
            github.addUserTeam(PAT, 100 + i, "Team " + i, "team-" + i, "octo-org", 9001);
        }
        Answer teams = broker.get("it/github/user/teams", "X-Token", PAT);
        assertThat(teams.ok()).as(teams.json().toString()).isTrue();
        assertThat(teams.json().getInt("count")).isEqualTo(250);
        assertThat(teams.json().getJsonArray("slugs").getString(249)).isEqualTo("team-250");
        assertThat(github.count(USER_TEAMS)).isEqualTo(3);
    }

    @Test
    void consecutiveFailuresOpenTheBreakerWhichFailsFastThenClosesAfterItsDelay() {
        github.failAlways(APP, Fault.status(503));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
                () -> broker.get("it/github/app").json().getString("message", "").contains("circuit breaker open"));
        assertThat(readiness().toString()).contains("\"circuit-breaker\":\"open\"");

        int callsBefore = github.totalCalls();
        Answer fast = broker.get("it/github/app");
        assertThat(fast.status()).isEqualTo(503);
        assertThat(fast.json().getJsonNumber("retryAfter").longValue()).isBetween(1L, BREAKER_DELAY.toSeconds());
        assertThat(github.totalCalls()).as("an open breaker does not call GitHub").isEqualTo(callsBefore);

        github.clearFaults();
        advance(BREAKER_DELAY.plusSeconds(1));
        Answer closed = broker.get("it/github/app");
        assertThat(closed.ok()).as("closed again after its open time: " + closed).isTrue();
        assertThat(readiness().toString()).contains("\"circuit-breaker\":\"closed\"");
        // issue 16: the calls and the transitions are counted
        String text = MetricsScrape.text(base);
        assertThat(MetricsScrape.value(text, "broker_github_calls_total{route=\"/app\",status=\"503\"}")).isGreaterThanOrEqualTo(5);
        assertThat(MetricsScrape.value(text, "broker_github_breaker_transitions_total{to=\"open\"}")).isGreaterThanOrEqualTo(1);
        assertThat(MetricsScrape.value(text, "broker_github_breaker_transitions_total{to=\"closed\"}")).isGreaterThanOrEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ issue 18

    private static final long CHECKS_INSTALLATION = 7002;
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";

    /** A second installation holding what the policy check needs, and a token of it for repository app. */
    private String checksToken(String perms) {
        github.install("checks-org", CHECKS_INSTALLATION, 9002, "Organization",
                Map.of("contents", "read", "pull_requests", "read", "checks", "write"), List.of());
        github.addRepository("checks-org", "app");
        Answer minted = broker.post("it/github/mint/" + CHECKS_INSTALLATION + "?repos=app&perms=" + perms);
        assertThat(minted.ok()).as(minted.json().toString()).isTrue();
        return minted.json().getString("token");
    }

    @Test
    void thePullRequestsFilesComeFromBothPagesWithoutTheRemovedOnes() {
        String token = checksToken("pull_requests:read");
        Map<String, String> changed = new LinkedHashMap<>();
        for (int i = 1; i <= 140; i++) {
            changed.put(String.format("team-%03d/.github/access-token.yaml", i), i % 10 == 3 ? "removed" : "modified");
        }
        github.addPullRequest("checks-org", "app", 42, HEAD, changed);
        github.resetCalls();

        Answer files = broker.get("it/github/pulls/checks-org/app/42/files?installation=" + CHECKS_INSTALLATION, "X-Token", token);

        assertThat(files.ok()).as(files.json().toString()).isTrue();
        assertThat(files.json().getInt("count")).isEqualTo(126);
        List<String> names = files.json().getJsonArray("files").getValuesAs(jakarta.json.JsonString::getString);
        assertThat(names).doesNotContain("team-003/.github/access-token.yaml", "team-133/.github/access-token.yaml")
                .startsWith("team-001/.github/access-token.yaml").endsWith("team-140/.github/access-token.yaml");
        List<RecordedCall> pages = github.calls().stream().filter(c -> c.routeKey().equals(PULL_FILES)).toList();
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).query()).isEqualTo("per_page=100");
        assertThat(pages.get(1).path()).as("GitHub's next link, followed as given").startsWith("/repositories/");
        assertThat(MetricsScrape.value(MetricsScrape.text(base),
                "broker_github_calls_total{route=\"/repos/{owner}/{repo}/pulls/{number}/files\",status=\"200\"}"))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFileIsReadAtTheCommitNotOnTheDefaultBranch() {
        String token = checksToken("contents:read");
        github.putFile("checks-org", "app", ".github/access-token.yaml", "statements: []\n");
        github.addFileAt("checks-org", "app", HEAD, ".github/access-token.yaml", "statements: [proposed]\n");

        Answer file = broker.get("it/github/commits/checks-org/app/" + HEAD + "/file?path=.github/access-token.yaml&installation="
                + CHECKS_INSTALLATION, "X-Token", token);

        assertThat(file.ok()).as(file.json().toString()).isTrue();
        assertThat(file.json().getString("text")).isEqualTo("statements: [proposed]\n");
        RecordedCall read = github.calls().stream().filter(c -> c.routeKey().equals(CONTENTS)).findFirst().orElseThrow();
        assertThat(read.query()).isEqualTo("ref=" + HEAD);
        Answer branch = broker.get("it/github/commits/checks-org/app/main/file?path=.github/access-token.yaml", "X-Token", token);
        assertThat(branch.status()).isEqualTo(400);
        assertThat(branch.type()).as("only a full commit SHA").isEqualTo("IllegalArgumentException");
        assertThat(github.count(CONTENTS)).isEqualTo(1);
    }

    @Test
    void aCheckRunWith120AnnotationsIsOneCreateAndTwoUpdatesAndGitHubHoldsThemAll() {
        String token = checksToken("checks:write");
        github.addPullRequest("checks-org", "app", 42, HEAD, Map.of(".github/access-token.yaml", "modified"));
        github.resetCalls();

        Answer posted = broker.post("it/github/check-runs/checks-org/app?name=access-token+policy&headSha=" + HEAD
                + "&conclusion=failure&annotations=120&installation=" + CHECKS_INSTALLATION, "X-Token", token);

        assertThat(posted.ok()).as(posted.json().toString()).isTrue();
        assertThat(github.count(CREATE_CHECK_RUN)).isEqualTo(1);
        assertThat(github.count(UPDATE_CHECK_RUN)).isEqualTo(2);
        assertThat(posted.took()).as("a second between writes").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        List<RecordedCheckRun> runs = github.checkRuns();
        assertThat(runs).hasSize(1);
        RecordedCheckRun run = runs.get(0);
        assertThat(run.name()).isEqualTo("access-token policy");
        assertThat(run.headSha()).isEqualTo(HEAD);
        assertThat(run.status()).isEqualTo("completed");
        assertThat(run.conclusion()).isEqualTo("failure");
        assertThat(run.title()).isEqualTo("120 findings");
        assertThat(run.updates()).isEqualTo(2);
        assertThat(run.annotations()).hasSize(120);
        assertThat(run.annotations()).extracting(GitHubSimulator.RecordedAnnotation::startLine)
                .isEqualTo(IntStream.rangeClosed(1, 120).boxed().toList());
        assertThat(run.annotations().get(119)).isEqualTo(new GitHubSimulator.RecordedAnnotation(
                ".github/access-token.yaml", 120, 120, "failure", "finding 120", "message 120"));
    }

    @Test
    void aCheckRunGitHubRejectsIsTheAdaptersRejectionAndIsNotRetried() {
        String token = checksToken("checks:write");
        String unknownCommit = "f".repeat(40);

        Answer posted = broker.post("it/github/check-runs/checks-org/app?name=c&headSha=" + unknownCommit
                + "&conclusion=success&annotations=0&installation=" + CHECKS_INSTALLATION, "X-Token", token);

        assertThat(posted.type()).isEqualTo("GitHubRejectedException");
        assertThat(posted.json().getInt("status")).isEqualTo(422);
        assertThat(posted.json().getString("message")).contains("No commit found for SHA: " + unknownCommit);
        assertThat(github.count(CREATE_CHECK_RUN)).isEqualTo(1);
        assertThat(github.checkRuns()).isEmpty();

        String readOnly = broker.post("it/github/mint/" + CHECKS_INSTALLATION + "?repos=app&perms=contents:read")
                .json().getString("token");
        github.addPullRequest("checks-org", "app", 42, HEAD, Map.of());
        Answer forbidden = broker.post("it/github/check-runs/checks-org/app?name=c&headSha=" + HEAD
                + "&conclusion=success&annotations=0&installation=" + CHECKS_INSTALLATION, "X-Token", readOnly);
        assertThat(forbidden.type()).as("a token without checks: write").isEqualTo("GitHubForbiddenException");
    }

    @Test
    void readinessIsUpWithTheAppConfiguredAndLivenessIsUp() {
        JsonObject ready = readiness();
        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.toString()).contains("\"app-id\":\"" + APP_ID + "\"");
        assertThat(broker.get("health/live").json().getString("status")).isEqualTo("UP");
    }

    private JsonObject readiness() {
        return broker.get("health/ready").json();
    }
}
