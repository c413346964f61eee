package dev.tokenbroker.github.entity;

import java.time.Duration;

/**
 * GitHub's primary or secondary rate limit, or our own rate-limit gate that remembers it. {@link #retryAfter()} is
 * how long the caller should wait (at least one second).
 */
public class GitHubRateLimitedException extends GitHubException {

    private final Duration retryAfter;
    private final boolean primary;

    public GitHubRateLimitedException(String what, int status, boolean primary, Duration retryAfter, String gitHubMessage) {
        super("GitHub " + (primary ? "primary" : "secondary") + " rate limit reached for " + what
                + "; retry after " + atLeastOneSecond(retryAfter).toSeconds() + " s", status, gitHubMessage, null);
        this.primary = primary;
        this.retryAfter = atLeastOneSecond(retryAfter);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** True for the primary (hourly quota) limit, false for a secondary limit. */
    public boolean primary() {
        return primary;
    }

    private static Duration atLeastOneSecond(Duration d) {
        return d == null || d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }
}
