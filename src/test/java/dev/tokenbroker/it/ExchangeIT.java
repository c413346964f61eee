package dev.tokenbroker.it;

import static dev.tokenbroker.testsupport.GitHubSimulator.CONTENTS;
import static dev.tokenbroker.testsupport.GitHubSimulator.MINT;
import static dev.tokenbroker.testsupport.GitHubSimulator.USER_INSTALLATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tokenbroker.it.ExchangeClient.Answer;
import dev.tokenbroker.platform.control.MetricsCatalogTest;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.GitHubSimulator.Fault;
import dev.tokenbroker.testsupport.GitHubSimulator.RecordedCall;
import dev.tokenbroker.testsupport.PolicyFixtures;
import dev.tokenbroker.testsupport.ShiftedClock;
import dev.tokenbroker.testsupport.TestKeys;
import dev.tokenbroker.testsupport.TestOidcIssuer;

/**
 * {@code POST /access_tokens} from outside the container, with the broker's real token verification against a test
 * OIDC issuer and the GitHub simulator holding world A of actions-exchange.md §11.0. Every test stands alone, in any
 * order: a test that counts GitHub calls warms up first or uses an owner of its own, a test that changes the world
 * puts it back, and time moves with {@link #advance} (the simulator, the issuer and the broker together) instead of
 * being waited for.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.Random.class)
class ExchangeIT {

    /** A15: the broker is configured for a GitHub Enterprise Server issuer; github.com's tokens must be refused. */
    private static final String GITHUB_ISSUER = "https://ghes.example/_services/token";
    private static final String DOTCOM_ISSUER = "https://token.actions.githubusercontent.com";
    private static final Duration FRESHNESS = Duration.ofSeconds(10);
    private static final String VAULT_ROOT = "hvs.RootTokenOfTheExchangeIT0123456789abcd";
    /**
     * Reader tokens live 1 h at the simulator; this renews them 5 minutes after they are minted, later than all other
     * tests together move the clock, so only G7 (which moves it that far) sees a renewal.
     */
    private static final Duration READER_RENEW_BEFORE = Duration.ofSeconds(3300);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(3);
    private static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(3);
    private static final String CONTENTS_READ = "{\"permissions\":{\"contents\":\"read\"}}";
    private static final Map<String, String> OCTOCAT_PERMISSIONS = Map.of("single_file", "read", "metadata", "read",
            "contents", "write", "secrets", "write", "pull_requests", "write", "organization_secrets", "write", "issues", "write");
    private static final List<String> ALL_PATHS = List.of("access-token.yaml", "access-token.yml",
            ".github/access-token.yaml", ".github/access-token.yml");

    private static GitHubSimulator github;
    private static TestOidcIssuer oidc;
    private static final ShiftedClock WORLD = new ShiftedClock();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        KeyPair appKey = TestKeys.rsa();
        github = GitHubSimulator.start("1", (RSAPublicKey) appKey.getPublic());
        oidc = TestOidcIssuer.start(GITHUB_ISSUER);
        github.useClock(WORLD);
        oidc.useClock(WORLD);
        oidc.setJwksMaxAgeSeconds(2);
        github.install("octocat", 100, 583231, "Organization", OCTOCAT_PERMISSIONS, ALL_PATHS);
        github.install("spongebob", 200, 9, "User", Map.of("single_file", "read", "contents", "write", "secrets", "write"), ALL_PATHS);
        for (String repo : List.of("playground", "other", "badorigin", "missing", "forgotten", ".github-access-token", "slow", "sso")) {
            github.addRepository("octocat", repo);
        }
        PolicyFixtures.worldA().forEach((key, content) -> {
            String[] parts = key.split("/", 3);
            github.putFile(parts[0], parts[1], parts[2], content);
        });
        return BrokerDeployment.of(Map.ofEntries(
                Map.entry("broker.github.api-url", github.baseUrl().toString()),
                Map.entry("broker.github.app-id", "1"),
                Map.entry("broker.github.private-key-file", BrokerDeployment.writeSecret("exchange-it-app-key.pem", TestKeys.pkcs1Pem(appKey)).toString()),
                Map.entry("broker.github.read-timeout", "2s"),
                Map.entry("mp.jwt.verify.issuer", GITHUB_ISSUER),
                Map.entry("mp.jwt.verify.publickey.location", oidc.jwksUrl()),
                Map.entry("mp.jwt.verify.audiences", "broker.example.org,app.example.org"),
                Map.entry("broker.exchange.allowed-subjects", "repo:octocat/*, repo:octocat@*, repo:spongebob/*, repo:latecomer/*, repo:coldcat/*, repo:movingcat/*, repo:metricscat/*"),
                Map.entry("broker.exchange.installation.negative-ttl", NEGATIVE_TTL.toSeconds() + "s"),
                Map.entry("broker.exchange.reader-token.renew-before", READER_RENEW_BEFORE.toSeconds() + "s"),
                Map.entry("broker.exchange.policy.freshness", FRESHNESS.toSeconds() + "s"),
                Map.entry("broker.exchange.deadline", "5s"),
                Map.entry("broker.github.circuit-breaker.open-for", BREAKER_OPEN_FOR.toSeconds() + "s"),
                Map.entry("broker.vault.root-token.value", VAULT_ROOT)));
    }

    @AfterAll
    static void stopFakes() {
        if (github != null) {
            github.close();
        }
        if (oidc != null) {
            oidc.close();
        }
    }

    private ExchangeClient client() {
        assertThat(base.getPath()).as("the WAR must deploy at the context root").isIn("", "/");
        return new ExchangeClient(base);
    }

    private Answer exchange(String body) {
        return client().post(oidc.tokenT(), body);
    }

    /** Moves the simulator, the issuer and the broker forward together. */
    private void advance(Duration by) {
        TestClockResource.advance(base, WORLD, by);
    }

    /** An exchange that leaves octocat's installation, reader token and policies cached and fresh; then no calls. */
    private void warmUp() {
        assertThat(exchange("{\"permissions\":{\"contents\":\"write\"}}").status()).as("warm-up").isEqualTo(200);
        github.resetCalls();
    }

    /** A new owner with octocat's installation and policies under its own name, unknown to the broker so far. */
    private static void installCopyOfOctocat(String owner, long installationId, long accountId) {
        github.install(owner, installationId, accountId, "Organization", OCTOCAT_PERMISSIONS, ALL_PATHS);
        for (String repo : List.of("playground", ".github-access-token")) {
            github.addRepository(owner, repo);
        }
        PolicyFixtures.worldA().forEach((key, content) -> {
            String[] parts = key.split("/", 3);
            if (parts[0].equals("octocat")) {
                github.putFile(owner, parts[1], parts[2], content.replace("octocat", owner));
            }
        });
    }

    /** Token T, but from {@code owner}'s playground repository. */
    private static String tokenFrom(String owner, String ownerId) {
        return oidc.token().claim("repository", owner + "/playground").claim("repository_owner", owner)
                .claim("repository_owner_id", ownerId).subject("repo:" + owner + "/playground:ref:refs/heads/main")
                .claim("workflow_ref", owner + "/playground/.github/workflows/build.yml@refs/heads/main")
                .claim("job_workflow_ref", owner + "/playground/.github/workflows/build.yml@refs/heads/main").build();
    }

    /** G20, for every mint any test caused: snake_case names at valid levels, never an empty map or repository list. */
    @org.junit.jupiter.api.AfterEach
    void everyMintBodyIsExact() {
        for (RecordedCall call : github.calls()) {
            if (!call.routeKey().equals(MINT) || call.body() == null || call.body().isBlank()) {
                continue;
            }
            JsonObject body = mintBody(call);
            assertThat(body.keySet()).isSubsetOf("permissions", "repositories");
            assertThat(body.getJsonObject("permissions")).isNotEmpty().allSatisfy((scope, level) -> {
                assertThat(scope).doesNotContain("-");
                assertThat(((jakarta.json.JsonString) level).getString()).isIn("read", "write", "admin");
            });
            if (body.containsKey("repositories")) {
                assertThat(body.getJsonArray("repositories")).isNotEmpty();
            }
        }
    }

    private static JsonObject mintBody(RecordedCall call) {
        return Json.createReader(new StringReader(call.body())).readObject();
    }

    // ---- GitHub calls from a cold start (G1, G2, G5) ----

    @Test
    void g1ColdExchangeCallsGitHubInTheDocumentedOrder() {
        installCopyOfOctocat("coldcat", 400, 583400);
        github.resetCalls();
        Answer answer = client().post(tokenFrom("coldcat", "583400"), "{\"permissions\":{\"contents\":\"write\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<RecordedCall> calls = github.calls();
        assertThat(calls).extracting(RecordedCall::routeKey)
                .containsExactly(USER_INSTALLATION, MINT, CONTENTS, CONTENTS, MINT);
        assertThat(mintBody(calls.get(1))).isEqualTo(Json.createReader(new StringReader(
                "{\"permissions\":{\"single_file\":\"read\",\"contents\":\"read\"}}")).readObject());
        assertThat(calls.get(2).path()).isEqualTo("/repos/coldcat/.github-access-token/contents/access-token.yaml");
        assertThat(calls.get(3).path()).isEqualTo("/repos/coldcat/playground/contents/.github/access-token.yaml");
        assertThat(calls.get(3).query()).as("policies are read from the default branch").isNullOrEmpty();
        assertThat(mintBody(calls.get(4))).isEqualTo(Json.createReader(new StringReader(
                "{\"permissions\":{\"contents\":\"write\"},\"repositories\":[\"playground\"]}")).readObject());
    }

    /** issue 16: /metrics counts exchanges by decision and reason, and times them; a refused token is counted too. */
    @Test
    void metricsCountExchangesByDecision() {
        String granted = "broker_exchanges_total{decision=\"granted\",reason=\"none\"}";
        double before = MetricsScrape.value(base, granted);
        double timedBefore = MetricsScrape.value(base, "broker_exchange_duration_seconds_count");
        for (int i = 0; i < 2; i++) {
            assertThat(exchange(CONTENTS_READ).status()).isEqualTo(200);
        }
        String invalidToken = "broker_exchanges_total{decision=\"rejected\",reason=\"invalid token\"}";
        double rejectedBefore = MetricsScrape.value(base, invalidToken);
        assertThat(client().post("not.a.jwt", "{\"permissions\":{\"contents\":\"read\"}}").status()).isEqualTo(401);
        String text = MetricsScrape.text(base);
        assertThat(MetricsScrape.value(text, invalidToken)).as("refused before any decision").isEqualTo(rejectedBefore + 1);
        assertThat(MetricsScrape.value(text, granted)).isEqualTo(before + 2);
        assertThat(MetricsScrape.value(text, "broker_exchange_duration_seconds_count")).isEqualTo(timedBefore + 2);
        assertThat(text).doesNotContain("octocat");
    }

    /**
     * issue 16: GitHub's side in /metrics after known traffic: calls' conditional results (a cold owner's two policy
     * reads are unconditional, the same reads after the freshness window are revalidated with 304), the quotas GitHub
     * reported per App and installation, the installation cache's misses then hits, the breaker's state.
     */
    @Test
    void metricsShowConditionalReadsQuotasCachesAndTheBreaker() {
        installCopyOfOctocat("metricscat", 600, 583600);
        String token = tokenFrom("metricscat", "583600");
        String unconditional = "broker_github_conditional_reads_total{result=\"unconditional\"}";
        String notModified = "broker_github_conditional_reads_total{result=\"not_modified\"}";
        String ownerMiss = "broker_cache_requests_total{cache=\"installations_by_owner\",result=\"miss\"}";
        String ownerHit = "broker_cache_requests_total{cache=\"installations_by_owner\",result=\"hit\"}";
        String before = MetricsScrape.text(base);

        assertThat(client().post(token, "{\"permissions\":{\"contents\":\"write\"}}").status()).isEqualTo(200);
        String cold = MetricsScrape.text(base);
        assertThat(MetricsScrape.value(cold, unconditional) - MetricsScrape.value(before, unconditional))
                .as("the owner and repository policy, read for the first time").isEqualTo(2);
        assertThat(MetricsScrape.value(cold, ownerMiss) - MetricsScrape.value(before, ownerMiss)).isEqualTo(1);
        assertThat(MetricsScrape.value(cold, "broker_github_rate_limit_remaining{app=\"1\",installation=\"600\"}"))
                .as("the simulator reports 4999 left on every answer").isEqualTo(4999);
        assertThat(MetricsScrape.value(cold, "broker_github_rate_limit{app=\"1\",installation=\"600\"}")).isEqualTo(5000);
        assertThat(MetricsScrape.value(cold, "broker_github_rate_limit{app=\"1\",installation=\"app\"}")).isEqualTo(5000);
        assertThat(MetricsScrape.value(cold, "broker_github_breaker_state{state=\"closed\"}")).isEqualTo(1);
        assertThat(MetricsScrape.value(cold, "broker_github_breaker_state{state=\"open\"}")).isZero();

        advance(FRESHNESS.plusSeconds(1));
        assertThat(client().post(token, "{\"permissions\":{\"contents\":\"write\"}}").status()).isEqualTo(200);
        String warm = MetricsScrape.text(base);
        assertThat(MetricsScrape.value(warm, notModified) - MetricsScrape.value(cold, notModified))
                .as("both policies revalidated: GitHub answered 304").isEqualTo(2);
        assertThat(MetricsScrape.value(warm, unconditional)).isEqualTo(MetricsScrape.value(cold, unconditional));
        assertThat(MetricsScrape.value(warm, ownerHit) - MetricsScrape.value(cold, ownerHit)).isEqualTo(1);
        assertThat(warm).contains("broker_cache_entries{cache=\"policy_files\"}", "broker_cache_evictions_total{cache=\"reader_tokens\"}")
                .doesNotContain("metricscat");
    }

    /**
     * issue 16: every metric docs/metrics.md promises, which the Grafana dashboard is built on, is in a scrape after
     * ordinary traffic (an exchange and a Vault request). Garbage-collection pauses exist only after the first one.
     */
    @Test
    void everyMetricOfTheCatalogIsScraped() {
        warmUp();
        assertThat(TestHttp.send(TestHttp.client(), java.net.http.HttpRequest.newBuilder(TestHttp.base(base)
                .resolve("v1/sys/health")).GET()).statusCode()).isEqualTo(200);
        Set<String> scraped = MetricsScrape.text(base).lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        List<MetricsCatalogTest.CatalogEntry> catalog = MetricsCatalogTest.catalog();
        assertThat(catalog).hasSizeGreaterThan(20);
        for (MetricsCatalogTest.CatalogEntry entry : catalog) {
            if (!entry.name().equals("jvm_gc_pause_seconds")) {
                assertThat(scraped).as(entry.name()).containsAll(entry.seriesNames());
            }
        }
    }

    /**
     * issue 18: "what would I get?" The same request at access_tokens/explain, authenticated the same way: the
     * decision with each statement's verdict for the caller's own owner, nothing minted; about another owner no more
     * than the exchange's 403 tells.
     */
    @Test
    void explainTellsAWorkflowWhatItWouldGetAndMintsNothing() {
        warmUp();
        Answer own = client().send("POST", "access_tokens/explain", "{\"permissions\":{\"contents\":\"write\"}}",
                "Authorization", "Bearer " + oidc.tokenT(), "Content-Type", "application/json");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().getString("decision")).isEqualTo("granted");
        assertThat(own.json().getJsonObject("permissions").getString("contents")).isEqualTo("write");
        assertThat(own.json().getJsonArray("effectiveSubjects").getString(0)).isEqualTo("repo:octocat/playground:ref:refs/heads/main");
        assertThat(own.json().getJsonObject("ownerPolicy").getString("state")).isEqualTo("found");
        assertThat(own.json().getJsonObject("ownerPolicy").getBoolean("admitted")).isTrue();
        assertThat(own.json().getJsonObject("repositoryPolicies").getJsonObject("playground").getJsonArray("statements")
                .getJsonObject(0).getBoolean("applies")).isTrue();
        assertThat(own.raw()).doesNotContain("ghs_");

        Answer denied = client().send("POST", "access_tokens/explain", "{\"permissions\":{\"issues\":\"write\"}}",
                "Authorization", "Bearer " + oidc.tokenT(), "Content-Type", "application/json");
        assertThat(denied.status()).isEqualTo(200);
        assertThat(denied.json().getString("decision")).isEqualTo("denied");
        assertThat(denied.json().getString("message")).isEqualTo(exchange("{\"permissions\":{\"issues\":\"write\"}}").message());

        Answer foreign = client().send("POST", "access_tokens/explain", "{\"owner\":\"spongebob\",\"repositories\":"
                + "[\"sandbox\"],\"permissions\":{\"contents\":\"read\"}}", "Authorization", "Bearer " + oidc.tokenT(),
                "Content-Type", "application/json");
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(200);
        assertThat(foreign.json().containsKey("ownerPolicy")).as("another owner's policy stays hidden").isFalse();
        assertThat(foreign.json().containsKey("repositoryPolicies")).isFalse();
        assertThat(github.calls()).filteredOn(c -> c.routeKey().equals(MINT)).as("no token for the caller, only the "
                + "reader token that reads spongebob's policies").allSatisfy(c -> assertThat(mintBody(c)).isEqualTo(
                        Json.createReader(new StringReader("{\"permissions\":{\"single_file\":\"read\",\"contents\":\"read\"}}"))
                                .readObject()));
        assertThat(client().send("POST", "access_tokens/explain", "{}", "Authorization", "Bearer x").status()).isEqualTo(401);
    }

    /**
     * issue 18: an operator asks, through the Vault API and behind its ACL, what the exchange would decide for any
     * workflow's claims: the decision with every statement's verdict, from the policies on GitHub, nothing minted.
     */
    @Test
    void anOperatorExplainsAnyClaimsThroughTheVaultApi() {
        warmUp();
        VaultClient vault = new VaultClient(base);
        String body = "{\"claims\":{\"sub\":\"repo:octocat/playground:ref:refs/heads/main\",\"repository\":"
                + "\"octocat/playground\",\"ref\":\"refs/heads/main\"},\"request\":{\"permissions\":{\"contents\":\"write\"}}}";
        VaultClient.Answer explained = vault.send("POST", "github/policy/explain", body, "X-Vault-Token", VAULT_ROOT);
        assertThat(explained.status()).as(explained.toString()).isEqualTo(200);
        JsonObject data = explained.json().getJsonObject("data");
        assertThat(data.getString("decision")).isEqualTo("granted");
        assertThat(data.getJsonObject("ownerPolicy").getBoolean("admitted")).isTrue();
        assertThat(data.getJsonObject("repositoryPolicies").getJsonObject("playground").getJsonArray("statements")
                .getJsonObject(0).getString("subject")).isEqualTo("repo:octocat/playground:ref:refs/heads/main");
        assertThat(github.calls()).extracting(RecordedCall::routeKey).doesNotContain(MINT);

        String other = body.replace("octocat/playground", "octocat/elsewhere").replace(":ref:refs/heads/main", ":pull_request");
        assertThat(vault.send("POST", "github/policy/explain", other, "X-Vault-Token", VAULT_ROOT).json()
                .getJsonObject("data").getString("decision")).isEqualTo("denied");
        assertThat(vault.send("POST", "github/policy/explain", body).status()).as("no token").isEqualTo(403);
        assertThat(vault.send("POST", "github/policy/explain", "{\"claims\":{}}", "X-Vault-Token", VAULT_ROOT).status())
                .isEqualTo(400);
    }

    @Test
    void g2TwentyIdenticalExchangesCostExactlyTwentyMints() {
        warmUp();
        Instant start = Instant.now();
        for (int i = 0; i < 20; i++) {
            assertThat(exchange("{\"permissions\":{\"contents\":\"write\"}}").status()).isEqualTo(200);
        }
        assertThat(Duration.between(start, Instant.now())).as("the run must stay inside the freshness window")
                .isLessThan(FRESHNESS);
        assertThat(github.calls()).hasSize(20).allSatisfy(c -> assertThat(c.routeKey()).isEqualTo(MINT));
    }

    @Test
    void g5AMissingPolicyIsRememberedBriefly() {
        warmUp();
        Answer first = exchange("{\"repositories\":[\"forgotten\"],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(first.message()).contains("- octocat/forgotten:\n  - Access policy not found");
        int contentsCalls = github.count(CONTENTS);
        assertThat(contentsCalls).as(".yaml then .yml").isEqualTo(2);
        Answer second = exchange("{\"repositories\":[\"forgotten\"],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(second.status()).isEqualTo(403);
        assertThat(github.count(CONTENTS)).isEqualTo(contentsCalls);
    }

    @Test
    void g3AndG4AfterTheFreshnessWindowPoliciesAreRevalidatedWithTheSameReaderToken() {
        warmUp();
        advance(FRESHNESS.plusSeconds(1));
        assertThat(exchange("{\"permissions\":{\"contents\":\"write\"}}").status()).isEqualTo(200);
        List<RecordedCall> revalidations = github.calls().stream().filter(c -> c.routeKey().equals(CONTENTS)).toList();
        assertThat(revalidations).hasSize(2).allSatisfy(c -> {
            assertThat(c.headers()).containsKey("if-none-match");
            assertThat(c.status()).isEqualTo(304);
        });
        assertThat(revalidations.get(0).headers().get("authorization")).isEqualTo(revalidations.get(1).headers().get("authorization"));
        assertThat(github.count(MINT)).as("no new reader token").isEqualTo(github.calls().size() - 2);

        // G4: a changed policy decides the next exchange after the window
        github.putFile("octocat", "playground", ".github/access-token.yaml",
                "origin: octocat/playground\nstatements: [{subjects: ['repo:octocat/playground:**'], permissions: {contents: read}}]\n");
        try {
            assertThat(exchange("{\"permissions\":{\"contents\":\"write\"}}").status()).as("still inside the window")
                    .isEqualTo(200);
            advance(FRESHNESS.plusSeconds(1));
            Answer changed = exchange("{\"permissions\":{\"contents\":\"write\"}}");
            assertThat(changed.status()).isEqualTo(403);
            assertThat(changed.message()).contains("- octocat/playground:\n  - contents: write - Not authorized");
        } finally {
            PolicyFixtures.worldA().forEach((key, content) -> {
                String[] parts = key.split("/", 3);
                github.putFile(parts[0], parts[1], parts[2], content);
            });
            advance(FRESHNESS.plusSeconds(1));
        }
        assertThat(exchange("{\"permissions\":{\"contents\":\"write\"}}").status()).as("the policy put back").isEqualTo(200);
    }

    @Test
    void g7AReaderTokenDueForRenewalIsReplacedAndTheOldOneRevokedAndNeverUsedAgain() {
        warmUp();
        advance(Duration.ofHours(1).minus(READER_RENEW_BEFORE).plusSeconds(1));
        assertThat(exchange("{\"permissions\":{\"contents\":\"write\"},\"repositories\":[\"playground\"]}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> github.count(GitHubSimulator.REVOKE) > 0); // the retired token is revoked in the background
        RecordedCall revoke = github.calls().stream().filter(c -> c.routeKey().equals(GitHubSimulator.REVOKE)).findFirst()
                .orElseThrow();
        String retired = revoke.headers().get("authorization").replaceFirst("^(Bearer|token) ", "");
        assertThat(github.revokedTokens()).contains(retired);
        assertThat(github.calls().stream().filter(c -> c.routeKey().equals(MINT)).map(ExchangeIT::mintBody))
                .as("a new reader token was minted").anySatisfy(body -> assertThat(body).doesNotContainKey("repositories"));
        assertThat(exchange("{\"permissions\":{\"contents\":\"write\"},\"repositories\":[\"playground\"]}").status())
                .isEqualTo(200);
        int revokedAt = github.calls().indexOf(revoke);
        assertThat(github.calls().subList(revokedAt + 1, github.calls().size()))
                .noneSatisfy(c -> assertThat(c.headers().get("authorization")).isEqualTo("Bearer " + retired));
    }

    @Test
    void g6AnImmutableSubjectNeedsNoUserLookup() {
        github.resetCalls();
        assertThat(client().post(oidc.tokenTImm(), CONTENTS_READ).status()).isEqualTo(200);
        assertThat(github.calls()).noneSatisfy(c -> assertThat(c.path()).matches("/users/[^/]+"));
        assertThat(github.count(GitHubSimulator.UNKNOWN)).isZero();
    }

    @Test
    void g8G15AnInstallationAppearsAfterTheNegativeTtlAndARejectedAppJwtIs500() {
        String token = oidc.token().claim("repository", "latecomer/app").claim("repository_owner", "latecomer")
                .claim("repository_owner_id", "4242").subject("repo:latecomer/app:ref:refs/heads/main")
                .claim("workflow_ref", "latecomer/app/.github/workflows/build.yml@refs/heads/main")
                .claim("job_workflow_ref", "latecomer/app/.github/workflows/build.yml@refs/heads/main").build();
        github.enqueue(USER_INSTALLATION, Fault.status(401).withBody("{\"message\":\"A JSON web token could not be decoded\"}"));
        Answer rejected = client().post(token, CONTENTS_READ);
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(500);
        assertThat(rejected.message()).contains("GitHub App authentication failed").contains(rejected.json().getString("requestId"));

        Answer notInstalled = client().post(token, CONTENTS_READ);
        assertThat(notInstalled.status()).as(notInstalled.toString()).isEqualTo(403);
        assertThat(notInstalled.message()).contains("- latecomer:\n  - 'Test Broker' has not been installed. Install from "
                + "https://github.com/apps/test-broker");

        github.install("latecomer", 300, 4242, "Organization", Map.of("single_file", "read", "contents", "write"), ALL_PATHS);
        github.addRepository("latecomer", "app");
        github.putFile("latecomer", ".github-access-token", "access-token.yaml", "origin: latecomer/.github-access-token\n"
                + "statements: [{subjects: ['repo:latecomer/app:**'], permissions: {contents: read}}]\n");
        // G17: GitHub does not know the new reader token yet for its first read
        github.resetCalls();
        github.enqueue(CONTENTS, Fault.status(401).withBody("{\"message\":\"Bad credentials\"}"));
        advance(NEGATIVE_TTL.plusSeconds(1));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> client().post(token, CONTENTS_READ).status() == 200);
        List<RecordedCall> reads = github.calls().stream().filter(c -> c.routeKey().equals(CONTENTS)).toList();
        assertThat(reads.get(0).status()).isEqualTo(401);
        assertThat(reads.get(1).status()).isEqualTo(200);
        assertThat(reads.get(1).headers().get("authorization")).as("the same fresh token, read again")
                .isEqualTo(reads.get(0).headers().get("authorization"));
    }

    @Test
    void g9AReinstalledAppIsFoundAgainAndTheMintRepeatedWithTheNewId() {
        installCopyOfOctocat("movingcat", 500, 583500);
        String token = tokenFrom("movingcat", "583500");
        assertThat(client().post(token, "{\"permissions\":{\"contents\":\"write\"}}").status()).isEqualTo(200);
        github.install("movingcat", 501, 583500, "Organization", OCTOCAT_PERMISSIONS, ALL_PATHS);
        github.resetCalls();
        Answer answer = client().post(token, "{\"permissions\":{\"contents\":\"write\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<RecordedCall> mints = github.calls().stream().filter(c -> c.routeKey().equals(MINT)).toList();
        assertThat(mints.get(0).path()).isEqualTo("/app/installations/500/access_tokens");
        assertThat(mints.get(0).status()).isEqualTo(404);
        assertThat(mints.get(mints.size() - 1).path()).isEqualTo("/app/installations/501/access_tokens");
        assertThat(github.count(USER_INSTALLATION)).isEqualTo(1);
    }

    @Test
    void g16AGitHubThatNeverAnswersEndsWithinTheDeadline() {
        assertThat(exchange(CONTENTS_READ).status()).as("warm-up: the owner policy is fresh").isEqualTo(200);
        github.failAlways(CONTENTS, Fault.hang());
        try {
            Instant start = Instant.now();
            Answer answer = exchange("{\"repositories\":[\"slow\"],\"permissions\":{\"contents\":\"read\"}}");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isNotBlank();
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(9));
        } finally {
            github.clearFaults();
            github.releaseHanging();
        }
    }

    @Test
    void g18APolicyReadRefusedByGitHubIsNotMistakenForAMissingFile() {
        Fault refused = Fault.status(403).withBody("{\"message\":\"Resource protected by organization SAML enforcement.\"}");
        assertThat(exchange(CONTENTS_READ).status()).as("warm-up: the owner policy is fresh").isEqualTo(200);
        github.failAlways(CONTENTS, refused);
        try {
            Answer answer = exchange("{\"repositories\":[\"sso\"],\"permissions\":{\"contents\":\"read\"}}");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
            assertThat(answer.message()).contains("Access policy could not be read (GitHub answered 403)")
                    .doesNotContain("Access policy not found");
        } finally {
            github.clearFaults();
        }
    }

    // ---- routes and request ids (R) ----

    @Test
    void r1UnknownRoutesAndMethodsAnswer404InTheErrorShape() {
        for (String[] route : new String[][] {{"GET", "access_tokens"}, {"GET", "unknown"}, {"PUT", ""}}) {
            Answer answer = client().send(route[0], route[1], route[0].equals("PUT") ? "{}" : null);
            assertThat(answer.status()).as(route[0] + " /" + route[1]).isEqualTo(404);
            assertThat(answer.json().getString("error")).isEqualTo("Not Found");
            assertThat(answer.message()).isNotBlank();
            assertThat(answer.json().getString("requestId")).isEqualTo(answer.header("X-Request-Id"));
        }
    }

    @Test
    void r2AQueryStringIsIgnored() {
        Answer answer = new ExchangeClient(base).send("POST", "access_tokens?pretty", CONTENTS_READ,
                "Authorization", "Bearer " + oidc.tokenT());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void r3AndR4TheRequestIdIsEchoedOrGenerated() {
        Answer mine = client().post(null, CONTENTS_READ, "X-Request-Id", "my-req-123");
        assertThat(mine.header("X-Request-Id")).isEqualTo("my-req-123");
        assertThat(mine.json().getString("requestId")).isEqualTo("my-req-123");
        Answer spaced = client().post(null, CONTENTS_READ, "X-Request-Id", "has space");
        assertThat(spaced.header("X-Request-Id")).isNotEqualTo("has space").matches("[0-9a-f-]{36}");
        Answer tooLong = client().post(null, CONTENTS_READ, "X-Request-Id", "a".repeat(256));
        assertThat(tooLong.header("X-Request-Id")).hasSize(36);
    }

    // ---- authentication (A) ----

    @Test
    void a1AndA2MissingOrForeignSchemes() {
        Answer missing = client().post(null, CONTENTS_READ);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.message()).isEqualTo("Missing authorization header");
        assertThat(missing.json().getString("requestId")).isNotBlank();
        Answer invalid = client().post(null, CONTENTS_READ, "Authorization", "Invalid ___");
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.message()).isEqualTo("Unexpected authorization scheme Invalid");
    }

    @Test
    void a3ToA10RejectedTokensAre401WithInvalidTokenMessages() {
        Map<String, String> tokens = Map.of(
                "malformed", "malformed",
                "unknown key", oidc.token().signedWith(oidc.foreignKey()).build(),
                "expired", oidc.token().expiresIn(Duration.ofSeconds(-120)).build(),
                "wrong audience", oidc.token().audience("wrong-audience").build(),
                "wrong issuer", oidc.token().issuer("https://evil.example").build(),
                "no exp", oidc.token().without("exp").build(),
                "no jti", oidc.token().without("jti").build(),
                "no repository_id", oidc.token().without("repository_id").build(),
                "HS256", oidc.token().algorithm("HS256").build(),
                "none", oidc.token().algorithm("none").build());
        tokens = new java.util.HashMap<>(tokens);
        tokens.put("github.com issuer (A15)", oidc.token().issuer(DOTCOM_ISSUER).build());
        tokens.forEach((name, token) -> {
            Answer answer = client().post(token, CONTENTS_READ);
            assertThat(answer.status()).as(name + ": " + answer).isEqualTo(401);
            assertThat(answer.message()).as(name).startsWith("Invalid token:");
            assertThat(answer.json().getString("error")).isEqualTo("Unauthorized");
            assertThat(answer.header("X-Request-Id")).as(name).isEqualTo(answer.json().getString("requestId"));
        });
        assertThat(client().post(oidc.token().expiresIn(Duration.ofSeconds(-120)).build(), CONTENTS_READ).message())
                .isEqualTo("Invalid token: \"exp\" claim timestamp check failed");
        assertThat(client().post(oidc.token().audience("wrong-audience").build(), CONTENTS_READ).message())
                .isEqualTo("Invalid token: unexpected \"aud\" claim value");
        assertThat(client().post(oidc.token().issuer(DOTCOM_ISSUER).build(), CONTENTS_READ).message())
                .isEqualTo("Invalid token: unexpected \"iss\" claim value");
        assertThat(client().post(oidc.token().without("repository_id").build(), CONTENTS_READ).message())
                .isEqualTo("Invalid token: missing required \"repository_id\" claim");
    }

    @Test
    void a5AnotherConfiguredAudienceAndA11SkewAndEarlyNbfAreAccepted() {
        Answer audience = client().post(oidc.token().audience("app.example.org").build(), CONTENTS_READ);
        assertThat(audience.status()).as("second audience: " + audience).isEqualTo(200);
        Answer skew = client().post(oidc.token().issuedAt(Instant.now().minusSeconds(330))
                .expiresIn(Duration.ofSeconds(-30)).build(), CONTENTS_READ);
        assertThat(skew.status()).as("expired 30 s ago: " + skew).isEqualTo(200);
        Answer nbf = client().post(oidc.token().notBefore(Instant.now().minusSeconds(600)).build(), CONTENTS_READ);
        assertThat(nbf.status()).as("nbf 600 s back: " + nbf).isEqualTo(200);
    }

    @Test
    void a7TheServerWideGateRejectsOtherSubjects() {
        Answer answer = client().post(oidc.token().subject("repo:evil/x:ref:refs/heads/main").build(), CONTENTS_READ);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.message()).isEqualTo("Invalid Token: unexpected \"sub\" claim value");
    }

    @Test
    void a12SchemesAreExact() {
        assertThat(client().post(null, CONTENTS_READ, "Authorization", "bearer " + oidc.tokenT()).status()).isEqualTo(401);
        assertThat(client().post(null, CONTENTS_READ, "Authorization", "Bearer  " + oidc.tokenT()).status()).isEqualTo(401);
    }

    @Test
    void a14ARotatedKeyIsPickedUpWithoutARestart() {
        oidc.rotateKey();
        advance(Duration.ofSeconds(31)); // an unknown key id refetches the keys at most every 30 s
        assertThat(client().post(oidc.tokenT(), CONTENTS_READ).status()).isEqualTo(200);
    }

    @Test
    void a16NoRefClaimsIsNoServerErrorAndOnlyTheRawSubjectIsUsed() {
        String token = oidc.token().without("ref").without("workflow_ref").without("job_workflow_ref").build();
        Answer answer = client().post(token, CONTENTS_READ);
        assertThat(answer.status()).as("the raw sub matches the policy: " + answer).isEqualTo(200);
        Answer denied = client().post(token, "{\"repositories\":[\"missing\"],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.message()).endsWith("Effective OIDC token subjects:\n- repo:octocat/playground:ref:refs/heads/main");
    }

    @Test
    void a17AuthenticationComesBeforeTheBody() {
        assertThat(client().post(null, "{not json").status()).isEqualTo(401);
    }

    // ---- body (B) ----

    @Test
    void b1AndB2TheBodyLimitComesFirst() {
        Answer tooLarge = client().post(null, "{" + " ".repeat(110_000) + "}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().getString("error")).isEqualTo("Request Entity Too Large");
        assertThat(tooLarge.message()).isEqualTo("Request body exceeds 102400 bytes");
        assertThat(tooLarge.header("X-Request-Id")).isNotBlank();
        String exact = CONTENTS_READ + " ".repeat(102_400 - CONTENTS_READ.length());
        assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(102_400);
        assertThat(exchange(exact).status()).isEqualTo(200);
    }

    @Test
    void b3AndB4InvalidBodiesAre400() {
        Answer notJson = exchange("{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.message()).startsWith("Invalid request body:\n");
        assertThat(exchange("{\"permissions\":{}}").message())
                .contains("permissions: Invalid object: must have at least one entry");
    }

    @Test
    void b14TheContentTypeIsIgnored() {
        Answer answer = client().postAs("text/plain", oidc.tokenT(), CONTENTS_READ);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        answer = client().postAs(null, oidc.tokenT(), CONTENTS_READ);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    // ---- success (S) and denial (AC) ----

    @Test
    void s9TheSuccessShape() throws Exception {
        Answer answer = exchange("{\"permissions\":{\"contents\":\"write\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonObject json = answer.json();
        String token = json.getString("token");
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        assertThat(json.getString("token_hash")).matches("^[A-Za-z0-9+/]{86}==$")
                .isEqualTo(Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.UTF_8)));
        assertThat(json.getString("expires_at")).endsWith("Z");
        assertThat(json.getJsonObject("permissions").getString("contents")).isEqualTo("write");
        assertThat(json.getJsonArray("repositories").getString(0)).isEqualTo("playground");
        assertThat(json.getString("owner")).isEqualTo("octocat");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void s11AllRepositoriesOmitsTheRepositoriesKey() {
        Answer answer = exchange("{\"repositories\":\"ALL\",\"permissions\":{\"organization-secrets\":\"write\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json()).doesNotContainKey("repositories");
        assertThat(answer.json().getJsonObject("permissions").getString("organization-secrets")).isEqualTo("write");
    }

    @Test
    void s12TheTokenCarriesTheRequestedLevelNotTheGrantedOne() {
        warmUp();
        Answer answer = exchange("{\"permissions\":{\"secrets\":\"read\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        RecordedCall mint = github.calls().stream().filter(c -> c.routeKey().equals(MINT)).reduce((a, b) -> b).orElseThrow();
        assertThat(mintBody(mint)).isEqualTo(Json.createReader(new StringReader(
                "{\"permissions\":{\"secrets\":\"read\"},\"repositories\":[\"playground\"]}")).readObject());
    }

    @Test
    void l7AndL3ClientFormsAreAccepted() {
        Answer snake = exchange("{\"permissions\":{\"pull_requests\":\"write\"}}");
        assertThat(snake.status()).as(snake.toString()).isEqualTo(200);
        assertThat(snake.json().getJsonObject("permissions").getString("pull-requests")).isEqualTo("write");
        Answer v3 = exchange("{\"permissions\":{\"contents\":\"read\"},\"repositories\":[],\"owner\":\"octocat\"}");
        assertThat(v3.status()).as(v3.toString()).isEqualTo(200);
        assertThat(v3.json().getJsonArray("repositories").getString(0)).isEqualTo("playground");
    }

    @Test
    void ac15AndL8DenialsAre403WithTheContractsMessage() {
        Answer badOrigin = exchange("{\"repositories\":[\"badorigin\"],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(badOrigin.status()).isEqualTo(403);
        assertThat(badOrigin.json().getString("error")).isEqualTo("Forbidden");
        assertThat(badOrigin.message()).contains("- octocat/badorigin:\n  - Invalid access policy\n    - Policy origin "
                + "'octocat/somethingelse' does not match repository 'octocat/badorigin'");
        Answer all = exchange("{\"repositories\":\"all\",\"permissions\":{\"contents\":\"read\"}}");
        assertThat(all.message()).contains("- octocat:\n  - contents: read - Not allowed by owner access policy");
    }

    @Test
    void ac18ForeignCallersLearnNothing() {
        Answer answer = exchange("{\"owner\":\"nobody\",\"repositories\":[\"x\"],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.message()).startsWith("Issues:\n- nobody:\n  - Not authorized\nEffective OIDC token subjects:");
    }

    // ---- GitHub trouble (G) ----

    @Test
    void g14AMintRefusedByGitHubIsA403WithItsMessage() {
        warmUp(); // the reader token fresh, so the refusal below meets the caller's mint, not a reader renewal
        github.enqueue(MINT, Fault.status(422).withBody("{\"message\":\"There is at least one repository that does not exist "
                + "or is not accessible to the parent installation.\"}"));
        Answer answer = exchange("{\"permissions\":{\"contents\":\"write\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.message()).contains("GitHub refused to issue the token: There is at least one repository");
    }

    @Test
    void g10AMint500IsA503AfterOneAttemptAndA502IsRetried() {
        warmUp();
        github.enqueue(MINT, Fault.status(500));
        Answer failed = exchange("{\"permissions\":{\"contents\":\"write\"}}");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
        assertThat(failed.header("Retry-After")).isNotBlank();
        assertThat(github.count(MINT)).isEqualTo(1);
        github.resetCalls();
        github.enqueue(MINT, Fault.status(502));
        assertThat(exchange("{\"permissions\":{\"contents\":\"write\"}}").status()).isEqualTo(200);
        assertThat(github.count(MINT)).isEqualTo(2);
    }

    @Test
    void g13ConsecutiveFailuresOpenTheBreakerAndExchangesFailFastWith503() {
        github.failAlways(MINT, Fault.status(503));
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> exchange(CONTENTS_READ).message().contains("(circuit open)"));
            github.resetCalls();
            Answer fast = exchange(CONTENTS_READ);
            assertThat(fast.status()).isEqualTo(503);
            assertThat(Integer.parseInt(fast.header("Retry-After"))).isBetween(1, (int) BREAKER_OPEN_FOR.toSeconds());
            assertThat(github.count(MINT)).as("an open breaker does not call GitHub").isZero();
        } finally {
            github.clearFaults();
            advance(BREAKER_OPEN_FOR.plusSeconds(1));
        }
        assertThat(exchange(CONTENTS_READ).status()).as("closed again after its open time").isEqualTo(200);
    }

    @Test
    void g11AndG12RateLimitsAre429WithRetryAfter() {
        warmUp(); // as in g14: the limit below meets the caller's mint
        github.enqueue(MINT, Fault.status(403).withHeader("retry-after", "60")
                .withBody("{\"message\":\"You have exceeded a secondary rate limit\"}"));
        Answer secondary = exchange("{\"permissions\":{\"contents\":\"write\"}}");
        assertThat(secondary.status()).as(secondary.toString()).isEqualTo(429);
        assertThat(secondary.header("Retry-After")).isEqualTo("60");
        assertThat(secondary.message()).contains("rate limit");
        github.resetCalls();
        Answer gated = exchange("{\"permissions\":{\"contents\":\"write\"}}");
        assertThat(gated.status()).as("the App's gate stays closed").isEqualTo(429);
        assertThat(github.count(MINT)).isZero();
        advance(Duration.ofSeconds(61));
        assertThat(exchange("{\"permissions\":{\"contents\":\"write\"}}").status()).as("the gate opens after 60 s")
                .isEqualTo(200);
    }
}
