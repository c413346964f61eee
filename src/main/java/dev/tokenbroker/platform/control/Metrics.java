package dev.tokenbroker.platform.control;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The broker's metrics, in one Micrometer registry the WAR carries itself, so every server exposes the same names in
 * Prometheus' text format at {@code /metrics}. Labels are few and bounded (a decision, a route pattern, a status):
 * never a token, login, owner or repository name.
 */
@ApplicationScoped
public class Metrics {

    /** A label value longer than this is not one of the fixed values it should be: counted as {@code other}. */
    static final int MAX_LABEL = 64;

    private static final String EXCHANGES = "broker.exchanges";
    private static final String EXCHANGES_HELP = "Token exchanges at /access_tokens, by decision and reason";
    private static final String CONDITIONAL_READS = "broker.github.conditional.reads";
    private static final String CONDITIONAL_READS_HELP = "Conditional GETs to GitHub, by result";
    private static final String BREAKER_TRANSITIONS = "broker.github.breaker.transitions";
    private static final String BREAKER_TRANSITIONS_HELP = "Circuit breaker transitions, by new state";
    private static final String LOGINS = "broker.vault.logins";
    private static final String LOGINS_HELP = "Vault logins, by auth method and outcome";
    private static final String TOKEN_CREATIONS = "broker.vault.token.creations";
    private static final String TOKEN_CREATIONS_HELP = "Vault tokens issued, by source and type";

    /** Quotas shown at most: one per installation is a few hundred series for the largest GitHub App. */
    static final int MAX_RATE_LIMIT_SERIES = 1_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, long[]> rateLimits = new ConcurrentHashMap<>();
    private final Timer reaperRun = Timer.builder("broker.vault.reaper.run.duration")
            .description("One run of the Vault token and lease reaper").register(registry);
    private final Timer exchangeDuration = Timer.builder("broker.exchange.duration")
            .description("Time to answer a token exchange").publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        startAtZero();
    }

    /**
     * The series whose labels are a small fixed set exist from the start at 0, so that a rate over the first
     * increment is seen, and a dashboard shows 0 rather than nothing.
     */
    private void startAtZero() {
        counter(EXCHANGES, EXCHANGES_HELP, "decision", "granted",
                "reason", "none");
        for (String result : List.of("not_modified", "modified", "unconditional")) {
            counter(CONDITIONAL_READS, CONDITIONAL_READS_HELP, "result", result, null, null);
        }
        for (String state : List.of("closed", "open", "half_open")) {
            counter(BREAKER_TRANSITIONS, BREAKER_TRANSITIONS_HELP, "to", state, null, null);
        }
        for (String method : List.of("github", "jwt")) {
            for (String outcome : List.of("success", "denied", "failed")) {
                counter(LOGINS, LOGINS_HELP, "method", method, "outcome", outcome);
            }
        }
        for (String source : List.of("login", "create")) {
            for (String type : List.of("service", "batch")) {
                counter(TOKEN_CREATIONS, TOKEN_CREATIONS_HELP, "source", source,
                        "type", type);
            }
        }
    }

    /** One exchange's outcome ({@code granted}, {@code denied}, {@code error}), its reason and how long it took. */
    public void exchange(String decision, String reason, Duration took) {
        counter(EXCHANGES, EXCHANGES_HELP,
                "decision", decision, "reason", reason).increment();
        exchangeDuration.record(took);
    }

    /**
     * An exchange refused before any decision, {@code rejected} with its reason ({@code invalid token}, {@code
     * invalid request}, {@code body too large}, {@code token not verifiable}, {@code not configured}); not timed.
     */
    public void exchangeRejected(String reason) {
        counter(EXCHANGES, EXCHANGES_HELP,
                "decision", "rejected", "reason", reason).increment();
    }

    /** One Vault API request: the route pattern that served it ({@code none} when no route did) and the status. */
    public void vaultRequest(String route, int status) {
        counter("broker.vault.requests", "Vault API requests, by route pattern and status",
                "route", route, "status", String.valueOf(status)).increment();
    }

    /**
     * One call to GitHub: its route class ({@code /repos/{owner}/{repo}/contents/{path}}, never the names) and the
     * status, or {@code timeout} / {@code failed} when no answer came.
     */
    public void githubCall(String route, String status) {
        counter("broker.github.calls", "Calls to GitHub's API, by route class and status",
                "route", route, "status", status).increment();
    }

    /** The GitHub circuit breaker moved to {@code state} ({@code closed}, {@code open}, {@code half_open}). */
    public void breakerTransition(String state) {
        counter(BREAKER_TRANSITIONS, BREAKER_TRANSITIONS_HELP, "to", state, null, null)
                .increment();
    }

    /**
     * A conditional read of GitHub: {@code not_modified} (a 304, which costs no rate limit), {@code modified} (an ETag
     * was sent and a new body came) or {@code unconditional} (nothing cached to revalidate).
     */
    public void conditionalRead(String result) {
        counter(CONDITIONAL_READS, CONDITIONAL_READS_HELP, "result", result, null, null)
                .increment();
    }

    /**
     * The rate limit GitHub last reported for one quota: an App's own ({@code installation} = {@code app}) or one
     * installation's. Installation ids are numbers, not names; at most {@value #MAX_RATE_LIMIT_SERIES} quotas are
     * shown, the first ones seen.
     */
    public void rateLimit(String app, String installation, long remaining, long limit) {
        String key = label(app) + '\u0000' + label(installation);
        long[] values = rateLimits.get(key);
        if (values == null) {
            if (rateLimits.size() >= MAX_RATE_LIMIT_SERIES) {
                return;
            }
            values = rateLimits.computeIfAbsent(key, k -> {
                long[] fresh = {-1, -1};
                Gauge.builder("broker.github.rate.limit.remaining", fresh, v -> v[0])
                        .description("x-ratelimit-remaining as GitHub last reported it, per App and installation")
                        .tags("app", label(app), "installation", label(installation)).strongReference(true).register(registry);
                Gauge.builder("broker.github.rate.limit", fresh, v -> v[1])
                        .description("x-ratelimit-limit as GitHub last reported it, per App and installation")
                        .tags("app", label(app), "installation", label(installation)).strongReference(true).register(registry);
                return fresh;
            });
        }
        values[0] = remaining;
        values[1] = limit;
    }

    /** Gauges 1 for the breaker's current state and 0 for the others, read from {@code state} at each scrape. */
    public void breakerState(Supplier<String> state) {
        for (String each : List.of("closed", "open", "half_open")) {
            Gauge.builder("broker.github.breaker.state", () -> each.equals(state.get()) ? 1 : 0)
                    .description("1 for the GitHub circuit breaker's current state, 0 for the others")
                    .tag("state", each).strongReference(true).register(registry);
        }
    }

    /** A cache's hits and misses ({@code broker_cache_requests_total}), entries and evictions, under {@code name}. */
    public void cache(String name, CountedCache cache) {
        FunctionCounter.builder("broker.cache.requests", cache, CountedCache::hits)
                .description("Cache lookups, by cache and result").tags("cache", name, "result", "hit").register(registry);
        FunctionCounter.builder("broker.cache.requests", cache, CountedCache::misses)
                .description("Cache lookups, by cache and result").tags("cache", name, "result", "miss").register(registry);
        FunctionCounter.builder("broker.cache.evictions", cache, CountedCache::evictions)
                .description("Entries dropped to keep a cache within its bound").tag("cache", name).register(registry);
        Gauge.builder("broker.cache.entries", cache, CountedCache::size)
                .description("Entries a cache holds").tag("cache", name).register(registry);
    }

    /** One login at {@code auth/<method>/login}: {@code success}, {@code denied} or {@code failed}. */
    public void login(String method, String outcome) {
        counter(LOGINS, LOGINS_HELP, "method", method, "outcome", outcome)
                .increment();
    }

    /** One Vault token issued, by {@code login} or {@code create}, of type {@code service} or {@code batch}. */
    public void tokenCreated(String source, String type) {
        counter(TOKEN_CREATIONS, TOKEN_CREATIONS_HELP, "source", source, "type", type)
                .increment();
    }

    /** One run of the token and lease reaper. */
    public void reaperRun(Duration took) {
        reaperRun.record(took);
    }

    /**
     * A gauge read from {@code value} at each scrape ({@code NaN} when it cannot be read now), in {@code baseUnit}
     * when not null, with one label when {@code key} is not null. Registering the same name and label again keeps
     * the first.
     */
    public void gauge(String name, String description, String baseUnit, String key, String labelValue,
                      Supplier<Number> value) {
        Gauge.Builder<Supplier<Number>> builder = Gauge.builder(name, value).description(description).strongReference(true);
        if (baseUnit != null) {
            builder.baseUnit(baseUnit);
        }
        (key == null ? builder : builder.tag(key, label(labelValue))).register(registry);
    }

    /**
     * The counter of a name and its labels, registered on first use and then taken from a map: these are counted on
     * every request, and Micrometer's builder would make and look up a new meter id each time.
     */
    private Counter counter(String name, String description, String key1, String value1, String key2, String value2) {
        String v1 = label(value1);
        String v2 = key2 == null ? "" : label(value2);
        return counters.computeIfAbsent(name + '\u0000' + v1 + '\u0000' + v2, k -> {
            Counter.Builder builder = Counter.builder(name).description(description).tag(key1, v1);
            return (key2 == null ? builder : builder.tag(key2, v2)).register(registry);
        });
    }

    /** The metrics in Prometheus' text exposition format (0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }

    static String label(String value) {
        if (value == null || value.isEmpty()) {
            return "none";
        }
        return value.length() > MAX_LABEL ? "other" : value;
    }
}
