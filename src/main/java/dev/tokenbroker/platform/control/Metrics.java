package dev.tokenbroker.platform.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
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

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
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
    }

    /** One exchange's outcome ({@code granted}, {@code denied}, {@code error}), its reason and how long it took. */
    public void exchange(String decision, String reason, Duration took) {
        counter("broker.exchanges", "Token exchanges at /access_tokens, by decision and reason",
                "decision", decision, "reason", reason).increment();
        exchangeDuration.record(took);
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
        counter("broker.github.breaker.transitions", "Circuit breaker transitions, by new state", "to", state, null, null)
                .increment();
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
