package dev.tokenbroker.github.entity;

import java.time.Duration;

/**
 * The broker refused to call GitHub at all: its circuit breaker is open, or too many calls are already in flight.
 * Nothing was sent, so nothing is retried here; callers answer 503 with {@code Retry-After} = {@link #retryAfter()},
 * which for an open breaker is the time left until it lets a probe through.
 */
public class GitHubCallsRefusedException extends GitHubUnavailableException {

    private final boolean circuitOpen;

    public GitHubCallsRefusedException(String message, Duration retryAfter, boolean circuitOpen) {
        super(message, 0, java.util.Objects.requireNonNull(retryAfter), null);
        this.circuitOpen = circuitOpen;
    }

    /** True when the circuit breaker refused; false when the bulkhead was full. */
    public boolean circuitOpen() {
        return circuitOpen;
    }
}
