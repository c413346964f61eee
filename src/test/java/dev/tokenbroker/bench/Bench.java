package dev.tokenbroker.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenbroker.blackbox.BlackBoxWorld;
import dev.tokenbroker.blackbox.Http;

/**
 * The broker's benchmark (issue 13; run by {@code bench/run}, never by {@code mvn verify}). It starts the project's
 * GitHub simulator and OIDC issuer, then one broker per checkout given ({@code bin/start --no-build} of that checkout:
 * Payara Micro, embedded H2, the shipped JVM options), and drives each scenario against each broker in alternating
 * rounds from this process. For each it prints requests/s, latency percentiles, the broker's CPU milliseconds per
 * request (from {@code /proc}), its resident memory and GitHub calls per request; with a reference checkout, every
 * figure also as a ratio to the reference measured in the same run, the only comparison this noisy machine allows.
 *
 * <p>Arguments: {@code <checkout> [<reference checkout>]}; system properties {@code bench.seconds} (measured seconds
 * per round, default 10), {@code bench.warmup} (default 5), {@code bench.rounds} (default 2), {@code bench.only}
 * (a scenario name to run alone), {@code bench.profile} (record each scenario of the first checkout with Java Flight
 * Recorder and print its top frames; see {@link Profiler}), {@code bench.java-opts} (JVM options for the first
 * checkout's broker instead of {@code bin/start}'s, to compare JVM settings with the same build as reference).
 */
public final class Bench {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final String ONLY = System.getProperty("bench.only", "");
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");
    private static final String JAVA_OPTS = System.getProperty("bench.java-opts", "");
    private static final String CONTENTS_READ = "{\"permissions\":{\"contents\":\"read\"}}";
    private static final List<String> FIVE_REPOSITORIES = List.of("playground", "bench-1", "bench-2", "bench-3", "bench-4");

    /** One broker under test. */
    record Broker(String name, Path checkout, Process process, URI base, Http http, Map<String, String> state) {
    }

    /** One scenario: how many connections, and what each request is. */
    record Scenario(String name, int connections, Request request) {
    }

    /** Builds one request for a broker; called from several threads. */
    interface Request {
        HttpRequest build(Broker broker);
    }

    /** What one round measured. */
    record Figures(double perSecond, double p50, double p90, double p99, double cpuMillisPerRequest, long rssMib,
                   double gitHubCallsPerRequest, int errors, double systemShare) {
    }

    private final BlackBoxWorld world;
    /**
     * HTTP/1.1 as the action's Node.js client speaks it; with {@code bench.http2}, the JDK client's default (an h2c
     * upgrade, after which every load thread shares one HTTP/2 connection), as the benchmark ran before 2026-12-02.
     */
    private final HttpClient client = HttpClient.newBuilder()
            .version(Boolean.getBoolean("bench.http2") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final TokenPool tokens;
    private final ColdOwners cold;
    private final Path work;

    private Bench(BlackBoxWorld world, Path work) {
        this.world = world;
        this.work = work;
        this.tokens = new TokenPool(world);
        this.cold = new ColdOwners(world);
        for (String repository : FIVE_REPOSITORIES.subList(1, FIVE_REPOSITORIES.size())) {
            world.github().addRepository(BlackBoxWorld.ORGANIZATION, repository);
            world.github().putFile(BlackBoxWorld.ORGANIZATION, repository, ".github/access-token.yaml", """
                    origin: octocat/%s
                    statements:
                      - {subjects: ['repo:octocat/playground:ref:refs/heads/main'], permissions: {contents: write}}
                    """.formatted(repository));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Bench <checkout> [<reference checkout>]");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("broker-bench");
        try (BlackBoxWorld world = BlackBoxWorld.fresh(work.resolve("world"))) {
            Bench bench = new Bench(world, work);
            List<Broker> brokers = new ArrayList<>();
            try {
                brokers.add(bench.start("current", Path.of(args[0]), work.resolve("current")));
                if (args.length > 1 && !PROFILE) {
                    brokers.add(bench.start("reference", Path.of(args[1]), work.resolve("reference")));
                }
                bench.run(brokers);
            } finally {
                for (Broker b : brokers) {
                    b.process().destroy();
                    b.process().waitFor(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ brokers

    private Broker start(String name, Path checkout, Path dir) throws Exception {
        Files.createDirectories(dir);
        int port = dev.tokenbroker.servers.ServerProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder("bash", checkout.resolve("bin/start").toString(), "--no-build",
                "--port", String.valueOf(port)).directory(checkout.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().putAll(world.brokerEnvironment());
        builder.environment().put("BROKER_DATA_DIR", dir.resolve("data").toString());
        if (name.equals("current") && !JAVA_OPTS.isBlank()) {
            builder.environment().put("BROKER_JAVA_OPTS", JAVA_OPTS);
        }
        long launched = System.nanoTime();
        Process process = builder.start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        Http http = new Http(base);
        org.awaitility.Awaitility.await(name + " answering").atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast(name + " exited; see " + dir.resolve("server.log"), () -> !process.isAlive())
                .until(() -> http.send("GET", "v1/sys/health", null).status() == 200
                        && http.exchange(world.oidc().tokenT(), CONTENTS_READ).status() == 200);
        double startSeconds = (System.nanoTime() - launched) / 1e9;
        Broker broker = new Broker(name, checkout, process, base, http, new LinkedHashMap<>());
        prepareVault(broker);
        System.out.printf(Locale.ROOT, "%s: %s on %s, pid %d, answering %.1f s after launch (RSS %d MiB)%n", name, checkout,
                base, process.pid(), startSeconds, ProcessStats.residentMebibytes(process));
        return broker;
    }

    /** A token to look up, a permission set to mint from, and the GitHub login configured. */
    private void prepareVault(Broker broker) {
        String root = world.rootToken();
        Http http = broker.http();
        http.vault("PUT", "auth/github/config", "{\"organization\":\"" + BlackBoxWorld.ORGANIZATION + "\",\"organization_id\":"
                + BlackBoxWorld.ORGANIZATION_ID + ",\"base_url\":\"" + world.github().baseUrl() + "/\"}", root);
        http.vault("PUT", "github/permissionset/bench", "{\"installation_id\":" + BlackBoxWorld.INSTALLATION_ID
                + ",\"permissions\":{\"issues\":\"read\"}}", root);
        String token = http.vault("POST", "auth/token/create", "{\"policies\":[\"default\"],\"ttl\":\"24h\"}", root).json()
                .getJsonObject("auth").getString("client_token");
        broker.state().put("token", token);
        http.vault("POST", "auth/github/login", "{\"token\":\"" + BlackBoxWorld.PERSONAL_TOKEN + "\"}", null);
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    private List<Scenario> scenarios() {
        Request steady = b -> post(b, "access_tokens", CONTENTS_READ, "Authorization", "Bearer " + tokens.next());
        List<Scenario> all = List.of(
                new Scenario("GET /health/live", 16, b -> get(b, "health/live")),
                new Scenario("exchange without a token (401)", 16, b -> post(b, "access_tokens", CONTENTS_READ)),
                new Scenario("exchange, valid token, invalid body (400)", 16,
                        b -> post(b, "access_tokens", "{\"permissions\":", "Authorization", "Bearer " + tokens.next())),
                new Scenario("steady exchange, 1 connection", 1, steady),
                new Scenario("steady exchange, 16 connections", 16, steady),
                new Scenario("cold exchange (an owner never seen), 1 connection", 1,
                        b -> post(b, "access_tokens", CONTENTS_READ, "Authorization", "Bearer " + cold.next())),
                new Scenario("exchange for 5 repositories, 16 connections", 16,
                        b -> post(b, "access_tokens", "{\"permissions\":{\"contents\":\"read\"},\"repositories\":[\""
                                + String.join("\",\"", FIVE_REPOSITORIES) + "\"]}", "Authorization", "Bearer " + tokens.next())),
                new Scenario("vault lookup-self, 16 connections", 16,
                        b -> get(b, "v1/auth/token/lookup-self", "X-Vault-Token", b.state().get("token"))),
                new Scenario("vault github/token/<set>, 16 connections", 16,
                        b -> post(b, "v1/github/token/bench", "{}", "X-Vault-Token", world.rootToken())),
                new Scenario("vault GitHub login (304s), 4 connections", 4,
                        b -> post(b, "v1/auth/github/login", "{\"token\":\"" + BlackBoxWorld.PERSONAL_TOKEN + "\"}")));
        return ONLY.isEmpty() ? all : all.stream().filter(s -> s.name().equals(ONLY)).toList();
    }

    private HttpRequest get(Broker broker, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(broker.base().resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        return (headers.length > 0 ? b.headers(headers) : b).build();
    }

    private HttpRequest post(Broker broker, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(broker.base().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return (headers.length > 0 ? b.headers(headers) : b).build();
    }

    // ------------------------------------------------------------------------------------------------ running

    private void run(List<Broker> brokers) throws Exception {
        System.out.printf(Locale.ROOT, "%d s measured after %d s warm-up, %d alternating rounds per broker%n", SECONDS,
                WARMUP, ROUNDS);
        System.out.printf(Locale.ROOT, "%-46s %-9s %9s %8s %8s %8s %9s %7s %8s %6s %6s%n", "scenario", "broker", "req/s", "p50 ms",
                "p90 ms", "p99 ms", "CPU ms/r", "RSS MiB", "GH c/r", "errors", "sys %");
        for (Scenario scenario : scenarios()) {
            Map<String, List<Figures>> byBroker = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Broker broker : round % 2 == 0 ? brokers : reversed(brokers)) {
                    byBroker.computeIfAbsent(broker.name(), k -> new ArrayList<>()).add(measure(broker, scenario));
                }
            }
            Figures current = median(byBroker.get("current"));
            print(scenario.name(), "current", current);
            if (byBroker.containsKey("reference")) {
                Figures reference = median(byBroker.get("reference"));
                print(scenario.name(), "reference", reference);
                System.out.printf(Locale.ROOT, "%-46s %-9s %8.2fx %7.2fx %7.2fx %7.2fx %8.2fx %6.2fx%n", "", "ratio",
                        current.perSecond() / reference.perSecond(), current.p50() / reference.p50(),
                        current.p90() / reference.p90(), current.p99() / reference.p99(),
                        current.cpuMillisPerRequest() / reference.cpuMillisPerRequest(),
                        (double) current.rssMib() / reference.rssMib());
            }
        }
    }

    private static List<Broker> reversed(List<Broker> brokers) {
        List<Broker> copy = new ArrayList<>(brokers);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static void print(String scenario, String broker, Figures f) {
        System.out.printf(Locale.ROOT, "%-46s %-9s %9.1f %8.2f %8.2f %8.2f %9.2f %7d %8.2f %6d %6.0f%n", scenario, broker,
                f.perSecond(), f.p50(), f.p90(), f.p99(), f.cpuMillisPerRequest(), f.rssMib(), f.gitHubCallsPerRequest(),
                f.errors(), f.systemShare());
    }

    /** The median of each figure over the rounds. */
    private static Figures median(List<Figures> rounds) {
        return new Figures(med(rounds, Figures::perSecond), med(rounds, Figures::p50), med(rounds, Figures::p90),
                med(rounds, Figures::p99), med(rounds, Figures::cpuMillisPerRequest),
                (long) med(rounds, f -> (double) f.rssMib()), med(rounds, Figures::gitHubCallsPerRequest),
                (int) med(rounds, f -> (double) f.errors()), med(rounds, Figures::systemShare));
    }

    private static double med(List<Figures> rounds, java.util.function.ToDoubleFunction<Figures> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /** Warm-up, then {@link #SECONDS} of load; CPU and GitHub calls counted over the measured part only. */
    private Figures measure(Broker broker, Scenario scenario) throws Exception {
        tokens.refill();
        // started before the warm-up: starting JFR deoptimises compiled code, which the warm-up compiles again
        Profiler profiler = PROFILE && broker.name().equals("current")
                ? Profiler.start(broker.process(), work.resolve(scenario.name().replaceAll("[^A-Za-z0-9]+", "-") + ".jfr"))
                : null;
        load(broker, scenario, WARMUP, null);
        java.time.Instant measuredFrom = java.time.Instant.now();
        long cpuBefore = ProcessStats.cpuMillis(broker.process());
        long systemBefore = ProcessStats.systemMillis(broker.process());
        int gitHubBefore = world.github().totalCalls();
        List<Long> latencies = new ArrayList<>();
        long started = System.nanoTime();
        int errors = load(broker, scenario, SECONDS, latencies);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long cpu = ProcessStats.cpuMillis(broker.process()) - cpuBefore;
        long system = ProcessStats.systemMillis(broker.process()) - systemBefore;
        int gitHub = world.github().totalCalls() - gitHubBefore;
        if (profiler != null) {
            profiler.stopAndPrint(scenario.name(), measuredFrom);
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = Math.max(1, sorted.length);
        return new Figures(sorted.length / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.90),
                percentile(sorted, 0.99), (double) cpu / n, ProcessStats.residentMebibytes(broker.process()),
                (double) gitHub / n, errors, cpu == 0 ? 0 : 100.0 * system / cpu);
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        return sortedNanos[Math.max(0, (int) Math.ceil(p * sortedNanos.length) - 1)] / 1e6;
    }

    /** {@code connections} threads sending back to back for {@code seconds}; returns the count of unexpected answers. */
    private int load(Broker broker, Scenario scenario, int seconds, List<Long> latencies) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger errors = new AtomicInteger();
        List<List<Long>> perThread = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(scenario.connections());
        for (int i = 0; i < scenario.connections(); i++) {
            List<Long> mine = new ArrayList<>();
            perThread.add(mine);
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest request = scenario.request().build(broker);
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        mine.add(System.nanoTime() - t0);
                        if (response.statusCode() >= 500) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        if (latencies != null) {
            perThread.forEach(latencies::addAll);
        }
        return errors.get();
    }

    /**
     * Owners the broker has never seen: each call installs the App on a new organisation in the simulator, with an
     * owner policy and a repository policy, and signs a workflow token of its repository, so that the exchange finds
     * every cache empty (installation, policy files, reader token) and makes every GitHub call a first exchange makes.
     */
    static final class ColdOwners {
        private final BlackBoxWorld world;
        private final java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();

        ColdOwners(BlackBoxWorld world) {
            this.world = world;
        }

        String next() {
            long n = next.incrementAndGet();
            String owner = "cold-" + n;
            world.github().install(owner, 1_000_000 + n, 2_000_000 + n, "Organization",
                    Map.of("single_file", "read", "metadata", "read", "contents", "write"),
                    List.of("access-token.yaml", "access-token.yml", ".github/access-token.yaml", ".github/access-token.yml"));
            world.github().putFile(owner, ".github-access-token", "access-token.yaml", """
                    origin: %s/.github-access-token
                    allowed-repository-permissions: {contents: write}
                    """.formatted(owner));
            world.github().putFile(owner, "app", ".github/access-token.yaml", """
                    origin: %s/app
                    statements:
                      - {subjects: ['repo:${origin}:ref:refs/heads/main'], permissions: {contents: write}}
                    """.formatted(owner));
            long repositoryId = world.github().addRepository(owner, "app");
            String workflow = owner + "/app/.github/workflows/build.yml@refs/heads/main";
            return world.oidc().token().claim("repository", owner + "/app").claim("repository_owner", owner)
                    .claim("repository_owner_id", String.valueOf(2_000_000 + n))
                    .claim("repository_id", String.valueOf(repositoryId))
                    .claim("workflow_ref", workflow).claim("job_workflow_ref", workflow)
                    .subject("repo:" + owner + "/app:ref:refs/heads/main").build();
        }
    }

    /** Workflow tokens signed ahead of time, so that the load client spends its CPU on sending, not signing. */
    static final class TokenPool {
        private final BlackBoxWorld world;
        private volatile List<String> tokens = List.of();
        private final AtomicInteger next = new AtomicInteger();

        TokenPool(BlackBoxWorld world) {
            this.world = world;
        }

        /** New tokens for the next round: the issuer's tokens live five minutes, as GitHub's do. */
        void refill() {
            List<String> fresh = new ArrayList<>();
            for (int i = 0; i < 2_048; i++) {
                fresh.add(world.oidc().tokenT());
            }
            tokens = fresh;
        }

        String next() {
            List<String> current = tokens;
            return current.get(Math.floorMod(next.getAndIncrement(), current.size()));
        }
    }
}
