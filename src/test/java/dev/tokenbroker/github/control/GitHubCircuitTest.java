package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.tokenbroker.github.control.GitHubCircuit.Permit;
import dev.tokenbroker.github.control.GitHubCircuit.State;
import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;
import dev.tokenbroker.testsupport.MutableClock;

import org.junit.jupiter.api.Test;

/** The breaker as it runs with the shipped defaults (5 failures, 30 s), and with its two settings changed. */
class GitHubCircuitTest {

    private static final dev.tokenbroker.platform.control.Metrics METRICS = new dev.tokenbroker.platform.control.Metrics();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final ConfigurationProblems problems = new ConfigurationProblems();

    private GitHubCircuit circuit(Map<String, String> config) {
        GitHubCircuit circuit = new GitHubCircuit();
        circuit.metrics = METRICS;
        circuit.clock = clock;
        circuit.settings = new Settings(new MapConfig(config), problems);
        circuit.readSettings();
        return circuit;
    }

    private static void fail(GitHubCircuit circuit, int times) {
        for (int i = 0; i < times; i++) {
            circuit.failed(circuit.acquire());
        }
    }

    @Test
    void theShippedDefaultsOpenAfterFiveConsecutiveFailuresForThirtySeconds() {
        GitHubCircuit circuit = circuit(Map.of());
        fail(circuit, 4);
        circuit.succeeded(circuit.acquire());
        fail(circuit, 4);
        assertThat(circuit.state()).as("a success in between starts the count again").isEqualTo(State.CLOSED);
        fail(circuit, 1);
        assertThat(circuit.state()).isEqualTo(State.OPEN);
        assertThat(circuit.retryAfter()).isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(29).plusMillis(999));
        assertThatThrownBy(circuit::acquire).isInstanceOfSatisfying(GitHubCallsRefusedException.class, e -> {
            assertThat(e.circuitOpen()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
            assertThat(e.getMessage()).contains("circuit breaker open");
        });
        assertThatThrownBy(circuit::refuseIfOpen).isInstanceOf(GitHubCallsRefusedException.class);
        assertThat(circuit.state()).isEqualTo(State.OPEN);
        clock.advance(Duration.ofMillis(1));
        assertThat(circuit.state()).as("time is up: the next call is the probe").isEqualTo(State.HALF_OPEN);
        assertThatCode(circuit::refuseIfOpen).doesNotThrowAnyException();
    }

    @Test
    void refusalsCountDownTheTimeLeftRoundedUp() {
        GitHubCircuit circuit = circuit(Map.of());
        fail(circuit, 5);
        clock.advance(Duration.ofMillis(10_500));
        assertThatThrownBy(circuit::acquire).isInstanceOfSatisfying(GitHubCallsRefusedException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(20)));
        assertThat(circuit.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughAndItsSuccessCloses() {
        GitHubCircuit circuit = circuit(Map.of());
        fail(circuit, 5);
        clock.advance(Duration.ofSeconds(30));
        Permit probe = circuit.acquire();
        assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
        assertThatThrownBy(circuit::acquire).as("a second call while the probe is out")
                .isInstanceOfSatisfying(GitHubCallsRefusedException.class,
                        e -> assertThat(e.getMessage()).contains("probe in flight"));
        assertThatThrownBy(circuit::refuseIfOpen).isInstanceOf(GitHubCallsRefusedException.class);
        circuit.succeeded(probe);
        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        assertThatCode(circuit::acquire).doesNotThrowAnyException();
    }

    @Test
    void aFailedProbeOpensTheBreakerForTheWholeDelayAgain() {
        GitHubCircuit circuit = circuit(Map.of());
        fail(circuit, 5);
        clock.advance(Duration.ofSeconds(31));
        circuit.failed(circuit.acquire());
        assertThat(circuit.state()).isEqualTo(State.OPEN);
        assertThat(circuit.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(circuit::acquire).isInstanceOf(GitHubCallsRefusedException.class);
    }

    @Test
    void aProbeThatEndsWithoutAnOutcomeLetsTheNextCallProbe() {
        GitHubCircuit circuit = circuit(Map.of());
        fail(circuit, 5);
        clock.advance(Duration.ofSeconds(30));
        Permit probe = circuit.acquire();
        circuit.release(probe);
        assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
        Permit next = circuit.acquire();
        circuit.succeeded(next);
        assertThat(circuit.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void outcomesOfCallsStartedBeforeTheBreakerOpenedChangeNothing() {
        GitHubCircuit circuit = circuit(Map.of());
        Permit slowSuccess = circuit.acquire();
        Permit slowFailure = circuit.acquire();
        fail(circuit, 5);
        clock.advance(Duration.ofSeconds(10));
        circuit.succeeded(slowSuccess);
        assertThat(circuit.state()).as("a late answer from before the outage").isEqualTo(State.OPEN);
        circuit.failed(slowFailure);
        assertThat(circuit.retryAfter()).as("a late failure does not restart the delay").isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void eachPermitCountsOnceEvenWhenReleasedAfterItsOutcome() {
        GitHubCircuit circuit = circuit(Map.of());
        for (int i = 0; i < 4; i++) {
            Permit p = circuit.acquire();
            circuit.failed(p);
            circuit.failed(p);
            circuit.release(p);
        }
        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        fail(circuit, 1);
        assertThat(circuit.state()).isEqualTo(State.OPEN);
    }

    @Test
    void itsTwoSettingsUseTheBrokersDurationGrammar() {
        GitHubCircuit circuit = circuit(Map.of(GitHubCircuit.FAILURE_THRESHOLD, "2", GitHubCircuit.OPEN_FOR, "1500ms"));
        fail(circuit, 2);
        assertThat(circuit.state()).isEqualTo(State.OPEN);
        assertThat(circuit.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofMillis(1500));
        assertThat(circuit.state()).isEqualTo(State.HALF_OPEN);
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void unusableSettingsAreReportedAndTheDefaultsUsed() {
        GitHubCircuit circuit = circuit(Map.of(GitHubCircuit.FAILURE_THRESHOLD, "0", GitHubCircuit.OPEN_FOR, "0s"));
        assertThat(problems.all()).containsOnlyKeys(GitHubCircuit.FAILURE_THRESHOLD, GitHubCircuit.OPEN_FOR);
        assertThat(circuit.openFor()).isEqualTo(Duration.ofSeconds(30));
        fail(circuit, 4);
        assertThat(circuit.state()).isEqualTo(State.CLOSED);
        fail(circuit, 1);
        assertThat(circuit.state()).isEqualTo(State.OPEN);
    }

    @Test
    void theRetiredFaultToleranceKeysAreReportedInsteadOfSilentlyIgnored() {
        String key = GitHubTransport.class.getName() + "/send/CircuitBreaker/delay";
        circuit(Map.of(key, "30000"));
        assertThat(problems.all()).containsOnlyKeys(key);
        assertThat(problems.all().get(key)).contains(GitHubCircuit.OPEN_FOR);
    }

    @Test
    void theRetiredTimeoutKeyIsReportedToo() {
        String key = GitHubTransport.class.getName() + "/send/Timeout/value";
        GitHubSettings settings = new GitHubSettings();
        settings.settings = new Settings(new MapConfig(Map.of(key, "15")), problems);
        settings.problems = problems;
        settings.version = new dev.tokenbroker.platform.control.BrokerVersion();
        settings.read();
        assertThat(problems.all()).containsOnlyKeys(key);
        assertThat(problems.all().get(key)).contains(GitHubSettings.READ_TIMEOUT);
    }
}
