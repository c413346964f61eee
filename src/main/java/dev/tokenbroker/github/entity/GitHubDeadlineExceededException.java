package dev.tokenbroker.github.entity;

/**
 * The caller's deadline ran out before GitHub answered, or before a call could be sent (see {@code CallDeadline}).
 * Says nothing about GitHub's health, so the circuit breaker does not count it; never retried.
 */
public class GitHubDeadlineExceededException extends GitHubUnavailableException {

    public GitHubDeadlineExceededException(String message, Throwable cause) {
        super(message, 0, null, cause);
    }
}
