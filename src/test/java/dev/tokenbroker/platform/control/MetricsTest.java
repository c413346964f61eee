package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Metrics metrics = new Metrics();

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElseThrow(
                        () -> new AssertionError(series + " is not in the scrape"));
    }

    @Test
    void aQuotaShowsTheLastValuesGitHubReported() {
        metrics.rateLimit("12", "app", 4990, 5000);
        metrics.rateLimit("12", "app", 4700, 5000);
        metrics.rateLimit("12", "3456", 14000, 15000);

        String text = metrics.scrape();
        assertThat(value(text, "broker_github_rate_limit_remaining{app=\"12\",installation=\"app\"}")).isEqualTo(4700);
        assertThat(value(text, "broker_github_rate_limit{app=\"12\",installation=\"app\"}")).isEqualTo(5000);
        assertThat(value(text, "broker_github_rate_limit_remaining{app=\"12\",installation=\"3456\"}")).isEqualTo(14000);
    }

    @Test
    void quotasBeyondTheBoundAreNotShown() {
        for (int i = 0; i < Metrics.MAX_RATE_LIMIT_SERIES + 50; i++) {
            metrics.rateLimit("1", String.valueOf(i), 1, 2);
        }
        assertThat(metrics.scrape().lines().filter(l -> l.startsWith("broker_github_rate_limit_remaining{")))
                .hasSize(Metrics.MAX_RATE_LIMIT_SERIES);
    }

    @Test
    void theBreakerStateIsOneForTheCurrentStateOnly() {
        AtomicReference<String> state = new AtomicReference<>("closed");
        metrics.breakerState(state::get);
        assertThat(value(metrics.scrape(), "broker_github_breaker_state{state=\"closed\"}")).isEqualTo(1);
        state.set("open");
        String text = metrics.scrape();
        assertThat(value(text, "broker_github_breaker_state{state=\"open\"}")).isEqualTo(1);
        assertThat(value(text, "broker_github_breaker_state{state=\"closed\"}")).isZero();
        assertThat(value(text, "broker_github_breaker_state{state=\"half_open\"}")).isZero();
    }

    @Test
    void aCacheShowsItsHitsMissesEntriesAndEvictions() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(java.time.Clock.systemUTC(), 16);
        metrics.cache("policy_files", cache);
        for (int i = 0; i < 20; i++) {
            String key = "k" + i;
            cache.get(key, () -> "v", v -> Duration.ofMinutes(1));
        }
        cache.get("k19", () -> "v", v -> Duration.ofMinutes(1));

        String text = metrics.scrape();
        assertThat(value(text, "broker_cache_requests_total{cache=\"policy_files\",result=\"miss\"}")).isEqualTo(20);
        assertThat(value(text, "broker_cache_requests_total{cache=\"policy_files\",result=\"hit\"}")).isEqualTo(1);
        assertThat(value(text, "broker_cache_entries{cache=\"policy_files\"}")).isEqualTo(cache.size());
        assertThat(value(text, "broker_cache_evictions_total{cache=\"policy_files\"}")).isEqualTo(cache.evictions())
                .isEqualTo(20 - cache.size());
    }

    @Test
    void aGaugeThatCannotBeReadIsNaN() {
        metrics.gauge("broker.vault.tokens", "live tokens", null, "source", "login", () -> Double.NaN);
        metrics.gauge("broker.database.probe.duration", "probe", "seconds", null, null, () -> 0.25);
        String text = metrics.scrape();
        assertThat(value(text, "broker_vault_tokens{source=\"login\"}")).isNaN();
        assertThat(value(text, "broker_database_probe_duration_seconds")).isEqualTo(0.25);
    }

    @Test
    void loginsTokensConditionalReadsAndTheReaperAreCounted() {
        metrics.login("github", "success");
        metrics.login("github", "success");
        metrics.tokenCreated("create", "batch");
        metrics.conditionalRead("not_modified");
        metrics.reaperRun(Duration.ofMillis(30));
        String text = metrics.scrape();
        assertThat(value(text, "broker_vault_logins_total{method=\"github\",outcome=\"success\"}")).isEqualTo(2);
        assertThat(value(text, "broker_vault_token_creations_total{source=\"create\",type=\"batch\"}")).isEqualTo(1);
        assertThat(value(text, "broker_github_conditional_reads_total{result=\"not_modified\"}")).isEqualTo(1);
        assertThat(value(text, "broker_vault_reaper_run_duration_seconds_count")).isEqualTo(1);
        assertThat(value(text, "broker_vault_reaper_run_duration_seconds_sum")).isEqualTo(0.03);
    }

    @Test
    void aLabelLongerThanAnyFixedValueIsOther() {
        metrics.githubCall("x".repeat(Metrics.MAX_LABEL + 1), "200");
        assertThat(metrics.scrape()).contains("broker_github_calls_total{route=\"other\",status=\"200\"}");
    }
}
