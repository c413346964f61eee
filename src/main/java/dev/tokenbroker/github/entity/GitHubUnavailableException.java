package dev.tokenbroker.github.entity;

import java.time.Duration;
import java.util.Optional;

/**
 * GitHub could not be reached or answered 502, 503 or 504, or we refuse to call it right now (circuit breaker open,
 * too many calls in flight). GitHub did not act on the request, so retrying is safe, even for a mint.
 */
public class GitHubUnavailableException extends GitHubException {

    private final Duration retryAfter;

    public GitHubUnavailableException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, status, "", cause);
        this.retryAfter = retryAfter;
    }

    /** How long until calling again makes sense, when we know it (an open circuit breaker). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
