package dev.tokenbroker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.tokenbroker.blackbox.BlackBoxWorld;
import dev.tokenbroker.blackbox.Http;
import dev.tokenbroker.blackbox.Http.Answer;
import dev.tokenbroker.servers.PayaraMicroProcess;
import dev.tokenbroker.servers.ServerProcess;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.GitHubSimulator.Fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outage drill, against the WAR as shipped: Payara Micro started as its README says, with no timeout, retry or
 * breaker setting changed (so the breaker opens after 5 failures for 30 s and GitHub's read timeout is 10 s). GitHub
 * fails (5xx and dropped connections), hangs, and rate-limits while workflows keep calling; the drill measures and
 * asserts what the README's failure-modes table promises: only 503 (or 429 for rate limits), a {@code Retry-After} on
 * every refusal, GitHub calls bounded by the breaker, refusals within a second once it is open — on the exchange and
 * on the Vault paths that need GitHub — and recovery without help once GitHub heals. Figures go to
 * {@code target/drill-measurements.txt}.
 */
class OutageIT {

    private static final Duration OPEN_FOR = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final String CONTENTS_READ = "{\"permissions\":{\"contents\":\"read\"}}";
    private static final String MINT_BY_VAULT = "{\"installation_id\":" + BlackBoxWorld.INSTALLATION_ID
            + ",\"permissions\":{\"issues\":\"read\"}}";

    /** GitHub's call count a second after the first refusal by the open breaker; -1 before. */
    private static final java.util.concurrent.atomic.AtomicInteger CALLS_WHEN_OPENED = new java.util.concurrent.atomic.AtomicInteger(-1);
    private static final java.util.concurrent.atomic.AtomicLong FIRST_REFUSAL = new java.util.concurrent.atomic.AtomicLong(-1);

    private static BlackBoxWorld world;
    private static ServerProcess broker;
    private static Http http;

    /** One exchange as a workflow saw it. */
    private record Call(long startNanos, long endNanos, Answer answer) {
        Duration latency() {
            return Duration.ofNanos(endNanos - startNanos);
        }
    }

    @BeforeAll
    static void start() {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "system", "outage");
        world = BlackBoxWorld.fresh(work.resolve("world"));
        Map<String, String> env = new LinkedHashMap<>(world.brokerEnvironment());
        env.put("BROKER_DATA_DIR", work.resolve("data").toAbsolutePath().toString());
        broker = new PayaraMicroProcess("Payara Micro as shipped", work.resolve("broker")).start(env);
        http = new Http(broker.baseUrl());
        Answer config = http.vault("PUT", "auth/github/config", "{\"organization\":\"" + BlackBoxWorld.ORGANIZATION
                + "\",\"organization_id\":" + BlackBoxWorld.ORGANIZATION_ID + ",\"base_url\":\"" + world.github().baseUrl()
                + "/\"}", world.rootToken());
        assertThat(config.status()).as(config.toString()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (world != null) {
            world.close();
        }
    }

    /** A person's token from a GitHub login, and a GitHub token's lease, both made while GitHub was healthy. */
    private String loggedIn;
    private String lease;

    /** Every drill starts with GitHub healthy and the breaker closed, whatever the one before left behind. */
    @BeforeEach
    void gitHubIsHealthyAndTheBreakerClosed() {
        github().clearFaults();
        github().releaseHanging();
        await("a successful exchange").atMost(OPEN_FOR.plus(READ_TIMEOUT).plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> exchange().status() == 200);
        assertThat(readiness()).contains("\"circuit-breaker\":\"closed\"");
        Answer login = http.vault("POST", "auth/github/login", "{\"token\":\"" + BlackBoxWorld.PERSONAL_TOKEN + "\"}", null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        loggedIn = login.json().getJsonObject("auth").getString("client_token");
        Answer minted = http.vault("POST", "github/token", MINT_BY_VAULT, world.rootToken());
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        lease = minted.json().getString("lease_id");
    }

    @Test
    void aGitHubAnswering5xxOrDroppingConnectionsIsCutOffAndRecoveredFromWithoutHelp() throws Exception {
        github().resetCalls();
        github().failEverything(Fault.status(500), Fault.status(502), Fault.status(503), Fault.status(504),
                Fault.dropConnection());
        List<Call> calls = drive(4, Duration.ofSeconds(8));
        assertThat(readiness()).contains("\"circuit-breaker\":\"open\"");
        vaultCallsNeedingGitHubAreRefusedAtOnce();
        int gitHubCalls = github().totalCalls();
        Duration recovery = heal();

        report("GitHub answering 500/502/503/504/dropped connections", calls, gitHubCalls, recovery);
        assertOnlyRetryableRefusals(calls);
        assertThat(CALLS_WHEN_OPENED.get()).as("the breaker stayed open over a second").isNotNegative();
        assertThat(gitHubCalls).as("no GitHub call while the breaker is open").isEqualTo(CALLS_WHEN_OPENED.get());
        assertThat(gitHubCalls).as("GitHub calls during the outage: up to 5 failures to open the breaker, plus the "
                + "calls of the 4 clients in flight and their one retry").isLessThanOrEqualTo(5 + 4 * 2);
        assertRefusedWithinASecondOnceOpen(calls);
        assertThat(recovery).as("recovery after GitHub healed").isLessThanOrEqualTo(OPEN_FOR.plusSeconds(5));
    }

    @Test
    void aHangingGitHubIsCutOffOnceTheBreakerOpensAndRecoveredFromWithoutHelp() throws Exception {
        github().resetCalls();
        github().failEverything(Fault.hang());
        List<Call> calls = drive(8, READ_TIMEOUT.plusSeconds(8));
        assertThat(readiness()).contains("\"circuit-breaker\":\"open\"");
        vaultCallsNeedingGitHubAreRefusedAtOnce();
        int gitHubCalls = github().totalCalls();
        Duration recovery = heal();

        report("GitHub hanging", calls, gitHubCalls, recovery);
        assertOnlyRetryableRefusals(calls);
        assertThat(CALLS_WHEN_OPENED.get()).as("the breaker stayed open over a second").isNotNegative();
        assertThat(gitHubCalls).as("no GitHub call while the breaker is open").isEqualTo(CALLS_WHEN_OPENED.get());
        assertThat(gitHubCalls).as("GitHub calls while it hangs, until the breaker opens: each of the 8 clients' "
                + "exchange, a policy revalidation and its retries at most").isLessThanOrEqualTo(8 * 3);
        assertRefusedWithinASecondOnceOpen(calls);
        assertThat(calls.stream().filter(c -> c.latency().compareTo(READ_TIMEOUT.plusSeconds(5)) > 0))
                .as("no exchange waits longer than GitHub's read timeout").isEmpty();
        assertThat(recovery).isLessThanOrEqualTo(OPEN_FOR.plusSeconds(5));
    }

    @Test
    void rateLimitsAre429WithRetryAfterAndGitHubIsNotCalledUntilTheyLift() {
        github().resetCalls();
        Instant reset = Instant.now().plusSeconds(6);
        github().enqueue(GitHubSimulator.MINT, Fault.primaryRateLimit(reset));
        Answer primary = exchange();
        assertThat(primary.status()).as(primary.toString()).isEqualTo(429);
        assertThat(Integer.parseInt(primary.header("Retry-After"))).isBetween(1, 7);
        int callsAfterLimit = github().totalCalls();
        Answer gated = exchange();
        assertThat(gated.status()).as("the App's quota is known to be used up").isEqualTo(429);
        assertThat(gated.header("Retry-After")).isNotBlank();
        assertThat(github().totalCalls()).as("no call until the reset").isEqualTo(callsAfterLimit);
        await("the exchange after the reset").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> exchange().status() == 200);
        assertThat(Instant.now()).isAfterOrEqualTo(reset.minusSeconds(1));

        github().enqueue(GitHubSimulator.MINT, Fault.secondaryRateLimit(Duration.ofSeconds(4)));
        Answer secondary = exchange();
        assertThat(secondary.status()).as(secondary.toString()).isEqualTo(429);
        assertThat(secondary.header("Retry-After")).isEqualTo("4");
        await("the exchange after the secondary limit").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> exchange().status() == 200);
        assertThat(readiness()).as("rate limits say GitHub is up").contains("\"circuit-breaker\":\"closed\"");
    }

    // ------------------------------------------------------------------------------------------------ the drill

    /** {@code clients} workflows calling the exchange back to back for {@code length}. */
    private static List<Call> drive(int clients, Duration length) throws InterruptedException {
        CALLS_WHEN_OPENED.set(-1);
        FIRST_REFUSAL.set(-1);
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    Answer answer = exchange();
                    Call call = new Call(started, System.nanoTime(), answer);
                    if (refusedByTheBreaker(call)) {
                        // a second after the first refusal, every call let through before the breaker opened has
                        // reached GitHub; from then on the count must not move
                        FIRST_REFUSAL.compareAndSet(-1, call.endNanos());
                        if (call.endNanos() - FIRST_REFUSAL.get() > 1_000_000_000L) {
                            CALLS_WHEN_OPENED.compareAndSet(-1, github().totalCalls());
                        }
                    }
                    calls.add(call);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS)).isTrue();
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return sorted;
    }

    /** Clears the faults and polls the exchange until it succeeds again; every answer on the way is a refusal. */
    private static Duration heal() {
        github().clearFaults();
        github().releaseHanging();
        long healed = System.nanoTime();
        List<Answer> meanwhile = new ArrayList<>();
        await("recovery").atMost(OPEN_FOR.plusSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Answer answer = exchange();
            if (answer.status() != 200) {
                meanwhile.add(answer);
            }
            return answer.status() == 200;
        });
        Duration recovery = Duration.ofNanos(System.nanoTime() - healed);
        assertThat(meanwhile).allSatisfy(a -> {
            assertThat(a.status()).as(a.toString()).isEqualTo(503);
            assertThat(a.header("Retry-After")).isNotBlank();
        });
        assertThat(readiness()).contains("\"circuit-breaker\":\"closed\"");
        return recovery;
    }

    /** Login, renewal, a mint and a lease revocation: each needs GitHub, each is refused at once with 503. */
    private void vaultCallsNeedingGitHubAreRefusedAtOnce() {
        refusedAtOnce("github/token", () -> http.vault("POST", "github/token", MINT_BY_VAULT, world.rootToken()));
        refusedAtOnce("login", () -> http.vault("POST", "auth/github/login",
                "{\"token\":\"" + BlackBoxWorld.PERSONAL_TOKEN + "\"}", null));
        refusedAtOnce("renewal", () -> http.vault("POST", "auth/token/renew-self", "{}", loggedIn));
        refusedAtOnce("lease revocation", () -> http.vault("PUT", "sys/leases/revoke", "{\"lease_id\":\"" + lease + "\"}",
                world.rootToken()));
        assertThat(http.vault("GET", "auth/token/lookup-self", null, loggedIn).status())
                .as("a refused renewal leaves the token valid").isEqualTo(200);
    }

    private static void refusedAtOnce(String what, java.util.function.Supplier<Answer> call) {
        long started = System.nanoTime();
        Answer answer = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(answer.status()).as(what + ": " + answer).isEqualTo(503);
        assertThat(Integer.parseInt(answer.header("Retry-After"))).as(what).isBetween(1, (int) OPEN_FOR.toSeconds());
        assertThat(answer.body()).as(what).contains("circuit breaker open").doesNotContain(BlackBoxWorld.PERSONAL_TOKEN);
        assertThat(took).as(what + " refused by the open breaker").isLessThan(Duration.ofSeconds(1));
    }

    private static void assertOnlyRetryableRefusals(List<Call> calls) {
        assertThat(calls).isNotEmpty().allSatisfy(c -> {
            assertThat(c.answer().status()).as(c.answer().toString()).isEqualTo(503);
            assertThat(Integer.parseInt(c.answer().header("Retry-After"))).isBetween(1, (int) OPEN_FOR.toSeconds());
        });
    }

    /** Once the first refusal by the open breaker came back, every exchange started after it is refused fast. */
    private static void assertRefusedWithinASecondOnceOpen(List<Call> calls) {
        long opened = calls.stream().filter(OutageIT::refusedByTheBreaker).mapToLong(Call::endNanos).min()
                .orElseThrow(() -> new AssertionError("the breaker never opened: " + calls));
        List<Call> afterwards = calls.stream().filter(c -> c.startNanos() > opened).toList();
        assertThat(afterwards).as("exchanges after the breaker opened").hasSizeGreaterThan(10)
                .allSatisfy(c -> assertThat(refusedByTheBreaker(c)).as(c.answer().toString()).isTrue());
        assertThat(percentile(afterwards, 0.99)).as("p99 of refusals once open").isLessThan(Duration.ofSeconds(1));
        for (Call c : afterwards) {
            long secondsSinceOpen = Duration.ofNanos(c.startNanos() - opened).toSeconds();
            assertThat(Long.parseLong(c.answer().header("Retry-After"))).as("Retry-After counts down the breaker's time")
                    .isLessThanOrEqualTo(OPEN_FOR.toSeconds() - secondsSinceOpen + 1);
        }
    }

    private static boolean refusedByTheBreaker(Call c) {
        return c.answer().status() == 503 && c.answer().body().contains("(circuit open)");
    }

    private static Duration percentile(List<Call> calls, double p) {
        List<Duration> latencies = calls.stream().map(Call::latency).sorted().toList();
        return latencies.get(Math.max(0, (int) Math.ceil(p * latencies.size()) - 1));
    }

    private static void report(String outage, List<Call> calls, int gitHubCalls, Duration recovery) {
        long opened = calls.stream().filter(OutageIT::refusedByTheBreaker).mapToLong(Call::endNanos).min().orElse(Long.MAX_VALUE);
        List<Call> refusals = calls.stream().filter(c -> c.startNanos() > opened).toList();
        DrillReport.record(String.format("outage drill, %s: %d exchanges, statuses %s, %d GitHub calls during the outage; "
                + "refusals once open p50 %d ms, p99 %d ms (%d); first refusal by the breaker %.1f s into the outage; "
                + "recovered %.1f s after GitHub healed", outage, calls.size(),
                calls.stream().map(c -> c.answer().status()).distinct().sorted().toList(), gitHubCalls,
                refusals.isEmpty() ? -1 : percentile(refusals, 0.5).toMillis(),
                refusals.isEmpty() ? -1 : percentile(refusals, 0.99).toMillis(), refusals.size(),
                calls.isEmpty() || opened == Long.MAX_VALUE ? -1.0 : (opened - calls.get(0).startNanos()) / 1e9,
                recovery.toMillis() / 1000.0));
    }

    private static Answer exchange() {
        return http.exchange(world.oidc().tokenT(), CONTENTS_READ);
    }

    private static String readiness() {
        return http.send("GET", "health/ready", null).json().toString();
    }

    private static GitHubSimulator github() {
        return world.github();
    }
}
