package dev.tokenbroker.github.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.platform.control.Settings;

/**
 * The circuit breaker in front of GitHub, and the one source of truth about it: every attempt in
 * {@link GitHubTransport#send} asks it first, readiness reports its state, and a refusal's {@code Retry-After} is the
 * time it stays open. After {@value #DEFAULT_THRESHOLD} consecutive transient failures (no connection, no answer in
 * time, 5xx) it opens for {@code broker.github.circuit-breaker.open-for} (30 s): every call is refused at once. Then
 * exactly one probe call goes through (half-open); its success closes the breaker, its failure opens it again.
 * Answers that show GitHub is up (2xx, 3xx, 4xx, rate limits) count as successes.
 *
 * <p>It is plain code rather than MicroProfile Fault Tolerance's {@code @CircuitBreaker}: FT exposes no breaker state
 * portably, and Payara Micro 6.2025.10 schedules the half-open transition with the raw {@code delay} in milliseconds
 * whatever its unit, so a 30-second breaker reopened after 30 ms there. Results of calls that started before the
 * latest transition are ignored, so a slow answer from before an outage cannot close a breaker opened since.
 */
@ApplicationScoped
public class GitHubCircuit {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    public static final String FAILURE_THRESHOLD = "broker.github.circuit-breaker.failure-threshold";
    public static final String OPEN_FOR = "broker.github.circuit-breaker.open-for";
    static final int DEFAULT_THRESHOLD = 5;
    static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
    /** MicroProfile FT's keys for the annotation this class replaced; set, they would silently do nothing. */
    private static final String[] RETIRED_FT_KEYS = {"requestVolumeThreshold", "failureRatio", "delay", "delayUnit",
        "successThreshold", "enabled"};

    private static final Logger LOG = LogLines.logger(GitHubCircuit.class);

    /** Permission for one attempt; hand it back with {@link #succeeded}, {@link #failed} or {@link #release}. */
    public static final class Permit {
        private final long generation;
        private final boolean probe;
        private boolean settled;

        private Permit(long generation, boolean probe) {
            this.generation = generation;
            this.probe = probe;
        }
    }

    @Inject
    Metrics metrics;

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    private int threshold;
    private Duration openFor;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;
    private long generation;

    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        state(); // touching the bean reads its settings, so readiness reports bad ones before the first call
    }

    @PostConstruct
    void readSettings() {
        metrics.breakerState(() -> state().name().toLowerCase(java.util.Locale.ROOT));
        threshold = settings.integer(FAILURE_THRESHOLD, DEFAULT_THRESHOLD, 1, 1000);
        openFor = settings.positiveDuration(OPEN_FOR, DEFAULT_OPEN_FOR);
        for (String retired : RETIRED_FT_KEYS) {
            settings.reportIfSet(GitHubTransport.class.getName() + "/send/CircuitBreaker/" + retired,
                    "the circuit breaker reads " + FAILURE_THRESHOLD + " and " + OPEN_FOR);
        }
    }

    /** How long the breaker stays open before its probe. */
    public Duration openFor() {
        return openFor;
    }

    /** Refuses at once, without taking a permit, while the breaker would refuse an attempt. */
    public synchronized void refuseIfOpen() {
        if (state == State.OPEN && clock.instant().isBefore(openedAt.plus(openFor))
                || state == State.HALF_OPEN && probeInFlight) {
            throw refusal();
        }
    }

    /**
     * Permission for one attempt at GitHub.
     *
     * @throws GitHubCallsRefusedException while the breaker is open, or half-open with its probe still out
     */
    public synchronized Permit acquire() {
        switch (state) {
            case CLOSED:
                return new Permit(generation, false);
            case OPEN:
                if (clock.instant().isBefore(openedAt.plus(openFor))) {
                    throw refusal();
                }
                metrics.breakerTransition("half_open");
                state = State.HALF_OPEN;
                probeInFlight = true;
                return new Permit(generation, true);
            default:
                if (probeInFlight) {
                    throw refusal();
                }
                probeInFlight = true;
                return new Permit(generation, true);
        }
    }

    /** GitHub answered, whatever it said: it is up. */
    public synchronized void succeeded(Permit permit) {
        if (settle(permit)) {
            consecutiveFailures = 0;
            if (permit.probe) {
                transition(State.CLOSED);
                LOG.info("GitHub circuit breaker closed: the probe call succeeded");
            }
        }
    }

    /** No connection, no answer in time, or a 5xx. */
    public synchronized void failed(Permit permit) {
        if (!settle(permit)) {
            return;
        }
        consecutiveFailures++;
        if (permit.probe) {
            transition(State.OPEN);
            LOG.warning("GitHub circuit breaker opened again: the probe call failed; calls are suspended for "
                    + openFor.toSeconds() + " s");
        } else if (consecutiveFailures >= threshold) {
            transition(State.OPEN);
            LOG.warning("GitHub circuit breaker opened after " + consecutiveFailures + " consecutive transient failures;"
                    + " calls are suspended for " + openFor.toSeconds() + " s");
        }
    }

    /** The attempt ended without telling anything about GitHub (e.g. interrupted); a probe may be sent again. */
    public synchronized void release(Permit permit) {
        if (settle(permit) && permit.probe) {
            probeInFlight = false;
        }
    }

    /** The state a call made now would meet: an open breaker whose time is up is half-open. */
    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** Seconds until the breaker lets a probe through, rounded up and at least one. */
    public synchronized Duration retryAfter() {
        if (state != State.OPEN) {
            return Duration.ofSeconds(1);
        }
        Duration left = Duration.between(clock.instant(), openedAt.plus(openFor));
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** Marks the permit used; false when it was used already or belongs to an earlier state of the breaker. */
    private boolean settle(Permit permit) {
        if (permit.settled) {
            return false;
        }
        permit.settled = true;
        return permit.generation == generation;
    }

    private void transition(State next) {
        if (next != state) {
            metrics.breakerTransition(next.name().toLowerCase(java.util.Locale.ROOT));
        }
        state = next;
        generation++;
        probeInFlight = false;
        if (next == State.OPEN) {
            openedAt = clock.instant();
        } else {
            openedAt = null;
            consecutiveFailures = 0;
        }
    }

    private GitHubCallsRefusedException refusal() {
        Duration retryAfter = retryAfter();
        String why = state == State.OPEN ? "circuit breaker open" : "circuit breaker half-open, probe in flight";
        return new GitHubCallsRefusedException("GitHub is failing; calls to it are suspended for "
                + retryAfter.toSeconds() + " s (" + why + ")", retryAfter, true);
    }
}
