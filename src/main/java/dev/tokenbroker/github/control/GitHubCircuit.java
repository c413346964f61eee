package dev.tokenbroker.github.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * Mirrors the state of the MicroProfile Fault Tolerance circuit breaker on {@link GitHubTransport#send}, which FT
 * does not expose: readiness reports it, and an exchange refused by the open breaker tells its caller how many
 * seconds remain ({@code Retry-After}). It counts consecutive transient failures exactly as the breaker is
 * configured to (failure ratio 1.0 over the request volume threshold), reading the same FT configuration keys.
 */
@ApplicationScoped
public class GitHubCircuit {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    static final String FT_KEY_PREFIX = GitHubTransport.class.getName() + "/send/CircuitBreaker/";

    @Inject
    Config config;

    @Inject
    Clock clock;

    private int threshold;
    private Duration openFor;
    private int consecutiveFailures;
    private Instant openedAt;

    @PostConstruct
    void readBreakerSettings() {
        CircuitBreaker declared;
        try {
            declared = GitHubTransport.class.getMethod("send", GitHubRequest.class).getAnnotation(CircuitBreaker.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        threshold = config.getOptionalValue(FT_KEY_PREFIX + "requestVolumeThreshold", Integer.class)
                .orElse(declared.requestVolumeThreshold());
        long delay = config.getOptionalValue(FT_KEY_PREFIX + "delay", Long.class).orElse(declared.delay());
        ChronoUnit unit = config.getOptionalValue(FT_KEY_PREFIX + "delayUnit", String.class)
                .map(u -> ChronoUnit.valueOf(u.trim().toUpperCase(Locale.ROOT))).orElse(declared.delayUnit());
        openFor = Duration.of(delay, unit);
    }

    synchronized void recordSuccess() {
        consecutiveFailures = 0;
        openedAt = null;
    }

    synchronized void recordTransientFailure() {
        consecutiveFailures++;
        if (consecutiveFailures >= threshold && (openedAt == null || state() == State.HALF_OPEN)) {
            openedAt = clock.instant();
        }
    }

    /** The FT breaker refused a call; if we had not counted it open yet, it is open from now. */
    synchronized void recordRejected() {
        if (openedAt == null) {
            openedAt = clock.instant();
        }
    }

    public synchronized State state() {
        if (openedAt == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(openedAt.plus(openFor)) ? State.OPEN : State.HALF_OPEN;
    }

    /** Seconds until a probe call will be let through (at least one). */
    public synchronized Duration retryAfter() {
        if (openedAt == null) {
            return Duration.ofSeconds(1);
        }
        Duration left = Duration.between(clock.instant(), openedAt.plus(openFor));
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
