package dev.tokenbroker.vault.sys.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.platform.control.Metrics;

/** The JSON of Vault's default sys/metrics answer: go-metrics' summary with Name, Labels and the aggregate fields. */
class MetricsSummaryTest {

    @Test
    void countersGaugesAndTimersInGoMetricsShape() {
        Metrics metrics = new Metrics();
        metrics.login("github", "denied");
        metrics.login("github", "denied");
        metrics.reaperRun(Duration.ofMillis(40));
        metrics.gauge("broker.vault.tokens", "live", null, "source", "login", () -> 7);
        metrics.gauge("broker.vault.leases", "unreadable", null, "state", "active", () -> Double.NaN);

        JsonObject summary = MetricsSummary.of(metrics.registry(), Instant.parse("2026-12-02T08:09:10.987Z"));

        assertThat(summary.getString("Timestamp")).isEqualTo("2026-12-02 08:09:10 +0000 UTC");
        assertThat(summary.getJsonArray("Points")).isEmpty();
        JsonObject logins = summary.getJsonArray("Counters").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("Name").equals("broker.vault.logins"))
                .filter(c -> c.getJsonObject("Labels").getString("outcome").equals("denied"))
                .filter(c -> c.getJsonObject("Labels").getString("method").equals("github")).findFirst().orElseThrow();
        assertThat(logins.getJsonNumber("Count").longValue()).isEqualTo(2);
        assertThat(logins.getJsonNumber("Sum").doubleValue()).isEqualTo(2);
        assertThat(logins.getJsonObject("Labels").getString("outcome")).isEqualTo("denied");
        assertThat(logins.keySet()).containsExactlyInAnyOrder("Name", "Count", "Rate", "Sum", "Min", "Max", "Mean", "Stddev", "Labels");
        JsonObject reaper = summary.getJsonArray("Samples").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("Name").equals("broker.vault.reaper.run.duration")).findFirst().orElseThrow();
        assertThat(reaper.getJsonNumber("Count").longValue()).isEqualTo(1);
        assertThat(reaper.getJsonNumber("Sum").doubleValue()).as("milliseconds").isEqualTo(40);
        assertThat(summary.getJsonArray("Gauges").getValuesAs(JsonObject.class))
                .anySatisfy(g -> {
                    assertThat(g.getString("Name")).isEqualTo("broker.vault.tokens");
                    assertThat(g.getJsonNumber("Value").intValue()).isEqualTo(7);
                })
                .noneSatisfy(g -> assertThat(g.getString("Name")).as("NaN is left out").isEqualTo("broker.vault.leases"));
    }
}
