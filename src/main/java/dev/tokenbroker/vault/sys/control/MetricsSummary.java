package dev.tokenbroker.vault.sys.control;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import dev.tokenbroker.platform.control.CachedJson;

/**
 * The broker's metrics in the JSON shape of Vault's default {@code sys/metrics} answer (go-metrics' in-memory sink
 * summary: {@code Timestamp}, {@code Gauges}, {@code Points}, {@code Counters}, {@code Samples}, each metric with
 * {@code Name} and {@code Labels}). Unlike Vault's sink, which keeps the last 10 s interval, the counts are cumulative
 * since the node started, and timers are in milliseconds ({@code Count}, {@code Sum}, {@code Max}, {@code Mean}).
 * A gauge that cannot be read now ({@code NaN}) is left out: JSON has no NaN.
 */
public final class MetricsSummary {

    /** Go's {@code time.Time.String()} of a UTC time rounded to the second, as go-metrics writes its interval. */
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private MetricsSummary() {
    }

    public static JsonObject of(MeterRegistry registry, Instant now) {
        JsonArrayBuilder gauges = CachedJson.createArrayBuilder();
        JsonArrayBuilder counters = CachedJson.createArrayBuilder();
        JsonArrayBuilder samples = CachedJson.createArrayBuilder();
        for (Meter meter : registry.getMeters()) {
            meter.match(
                    gauge -> addGauge(gauges, meter, gauge.value()),
                    counter -> counters.add(sampled(meter, counter.count(), counter.count(), Double.NaN, Double.NaN)),
                    timer -> samples.add(sampled(meter, timer.count(), timer.totalTime(TimeUnit.MILLISECONDS),
                            timer.max(TimeUnit.MILLISECONDS), timer.mean(TimeUnit.MILLISECONDS))),
                    summary -> samples.add(sampled(meter, summary.count(), summary.totalAmount(), summary.max(),
                            summary.mean())),
                    longTask -> addGauge(gauges, meter, longTask.activeTasks()),
                    timeGauge -> addGauge(gauges, meter, timeGauge.value(TimeUnit.SECONDS)),
                    functionCounter -> counters.add(sampled(meter, functionCounter.count(), functionCounter.count(),
                            Double.NaN, Double.NaN)),
                    functionTimer -> samples.add(sampled(meter, functionTimer.count(),
                            functionTimer.totalTime(TimeUnit.MILLISECONDS), Double.NaN,
                            functionTimer.mean(TimeUnit.MILLISECONDS))),
                    other -> null);
        }
        return CachedJson.createObjectBuilder()
                .add("Timestamp", GO_TIME.format(now.truncatedTo(ChronoUnit.SECONDS)))
                .add("Gauges", gauges)
                .add("Points", CachedJson.createArrayBuilder())
                .add("Counters", counters)
                .add("Samples", samples)
                .build();
    }

    private static Void addGauge(JsonArrayBuilder gauges, Meter meter, double value) {
        if (Double.isFinite(value)) {
            gauges.add(CachedJson.createObjectBuilder().add("Name", meter.getId().getName()).add("Value", value)
                    .add("Labels", labels(meter)));
        }
        return null;
    }

    private static JsonObject sampled(Meter meter, double count, double sum, double max, double mean) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("Name", meter.getId().getName())
                .add("Count", (long) count)
                .add("Rate", 0)
                .add("Sum", finite(sum))
                .add("Min", 0)
                .add("Max", finite(Double.isNaN(max) ? sum : max))
                .add("Mean", finite(Double.isNaN(mean) ? sum : mean))
                .add("Stddev", 0);
        return o.add("Labels", labels(meter)).build();
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    private static JsonObjectBuilder labels(Meter meter) {
        JsonObjectBuilder labels = CachedJson.createObjectBuilder();
        for (Tag tag : meter.getId().getTags()) {
            labels.add(tag.getKey(), tag.getValue());
        }
        return labels;
    }
}
