package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.tokenbroker.github.control.GitHubCircuit.State;
import dev.tokenbroker.platform.control.BrokerVersion;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;
import dev.tokenbroker.testsupport.MutableClock;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.junit.jupiter.api.Test;

/**
 * The GitHub adapter's defaults as shipped, with nothing configured, against the README's configuration and fault
 * tolerance tables. The integration tests shorten several of them (read timeout, breaker delay, negative TTL); this
 * test is what covers the values themselves (docs/testing.md, "the rule").
 */
class ShippedDefaultsTest {

    private static final dev.tokenbroker.platform.control.Metrics METRICS = new dev.tokenbroker.platform.control.Metrics();

    private final ConfigurationProblems problems = new ConfigurationProblems();
    private final Settings emptyConfiguration = new Settings(new MapConfig(Map.of()), problems);

    private GitHubSettings gitHubSettings() {
        GitHubSettings settings = new GitHubSettings();
        settings.settings = emptyConfiguration;
        settings.problems = problems;
        settings.version = new BrokerVersion();
        settings.read();
        return settings;
    }

    private GitHubCircuit circuit() {
        GitHubCircuit circuit = new GitHubCircuit();
        circuit.metrics = METRICS;
        circuit.settings = emptyConfiguration;
        circuit.clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        circuit.readSettings();
        return circuit;
    }

    @Test
    void connectTimeoutIsFiveSeconds() {
        assertThat(gitHubSettings().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void readTimeoutIsTenSeconds() {
        assertThat(gitHubSettings().readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void rateLimitMaxWaitIsTwoSeconds() {
        assertThat(gitHubSettings().rateLimitMaxWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void installationTtlIsThreeHundredSeconds() {
        assertThat(gitHubSettings().installationTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void installationNegativeTtlIsSixtySeconds() {
        assertThat(gitHubSettings().installationNegativeTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void apiUrlIsGitHubDotCom() {
        assertThat(gitHubSettings().apiUrl()).isEqualTo(URI.create("https://api.github.com"));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void apiVersionIs20221128() {
        assertThat(gitHubSettings().apiVersion()).isEqualTo("2022-11-28");
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void circuitBreakerStaysOpenForThirtySeconds() {
        GitHubCircuit circuit = circuit();
        assertThat(circuit.openFor()).isEqualTo(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            circuit.failed(circuit.acquire());
        }
        assertThat(circuit.state()).isEqualTo(State.OPEN);
        assertThat(circuit.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void circuitBreakerOpensOnTheFifthConsecutiveFailure() {
        GitHubCircuit circuit = circuit();
        for (int i = 0; i < 4; i++) {
            circuit.failed(circuit.acquire());
        }
        assertThat(circuit.state()).as("after 4 consecutive failures").isEqualTo(State.CLOSED);
        circuit.failed(circuit.acquire());
        assertThat(circuit.state()).as("after the 5th").isEqualTo(State.OPEN);
        assertThat(problems.all()).isEmpty();
    }

    /**
     * An attempt is bounded by the read timeout (headers) and read plus connect timeout (the whole answer), 15 s by
     * default (GitHubTransportTest); not by FT's {@code @Timeout}, which on Payara cost milliseconds per call.
     */
    @Test
    void anAttemptGetsFifteenSecondsForTheWholeAnswerWithoutFaultTolerancesTimeout() throws NoSuchMethodException {
        GitHubSettings settings = gitHubSettings();
        assertThat(settings.readTimeout().plus(settings.connectTimeout())).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(send().getAnnotation(Timeout.class)).isNull();
    }

    @Test
    void transportBulkheadIsSixteenCallsInFlight() throws NoSuchMethodException {
        Bulkhead bulkhead = send().getAnnotation(Bulkhead.class);
        assertThat(bulkhead).isNotNull();
        assertThat(bulkhead.value()).isEqualTo(16);
    }

    @Test
    void readsAreRetriedTwice250PlusMinus100MillisecondsApart() throws NoSuchMethodException {
        Retry retry = GitHubRetries.class.getMethod("read", GitHubRequest.class).getAnnotation(Retry.class);
        assertThat(retry).isNotNull();
        assertThat(retry.maxRetries()).isEqualTo(2);
        assertThat(retry.delay()).isEqualTo(250);
        assertThat(retry.delayUnit()).isEqualTo(ChronoUnit.MILLIS);
        assertThat(retry.jitter()).isEqualTo(100);
        assertThat(retry.jitterDelayUnit()).isEqualTo(ChronoUnit.MILLIS);
    }

    @Test
    void writesAreRetriedOnce250PlusMinus100MillisecondsApart() throws NoSuchMethodException {
        Retry retry = GitHubRetries.class.getMethod("write", GitHubRequest.class).getAnnotation(Retry.class);
        assertThat(retry).isNotNull();
        assertThat(retry.maxRetries()).isEqualTo(1);
        assertThat(retry.delay()).isEqualTo(250);
        assertThat(retry.delayUnit()).isEqualTo(ChronoUnit.MILLIS);
        assertThat(retry.jitter()).isEqualTo(100);
        assertThat(retry.jitterDelayUnit()).isEqualTo(ChronoUnit.MILLIS);
    }

    private static Method send() throws NoSuchMethodException {
        return GitHubTransport.class.getMethod("send", GitHubRequest.class);
    }
}
