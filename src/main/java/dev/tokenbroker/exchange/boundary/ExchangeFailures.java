package dev.tokenbroker.exchange.boundary;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.github.entity.GitHubNotConfiguredException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.github.entity.GitHubUnauthorizedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;
import dev.tokenbroker.platform.control.LogLines;

/**
 * The one place where failures of an exchange become HTTP answers (actions-exchange.md §2.8, §10.7). The action
 * retries only 429 and 503, so GitHub's transient trouble becomes those, with {@code Retry-After}; every 500 has a
 * message with the request id, and its cause goes to the log, never to the caller.
 */
@ApplicationScoped
public class ExchangeFailures {

    private static final Logger LOG = LogLines.logger(ExchangeFailures.class);

    public Response toResponse(Throwable failure, String requestId) {
        if (failure instanceof GitHubRateLimitedException limited) {
            long seconds = limited.retryAfter().toSeconds();
            return ExchangeErrors.retryLater(429, "GitHub API rate limit exhausted; retry after " + seconds + " s",
                    limited.retryAfter(), requestId);
        }
        if (failure instanceof GitHubNotConfiguredException notConfigured) {
            return ExchangeErrors.of(503, notConfigured.getMessage(), requestId);
        }
        if (failure instanceof GitHubUnavailableException unavailable) {
            Duration retryAfter = unavailable.retryAfter().orElse(Duration.ofSeconds(5));
            boolean breaker = unavailable instanceof GitHubCallsRefusedException refused && refused.circuitOpen();
            LOG.warning("exchange " + requestId + ": " + unavailable.getMessage());
            return ExchangeErrors.retryLater(503, "GitHub API temporarily unavailable" + (breaker ? " (circuit open)" : "")
                    + "; retry after " + retryAfter.toSeconds() + " s", retryAfter, requestId);
        }
        if (failure instanceof GitHubUnauthorizedException) {
            LOG.severe("exchange " + requestId + ": GitHub rejected the App's credentials");
            return ExchangeErrors.of(500, "GitHub App authentication failed; check the App id and private key (requestId "
                    + requestId + ")", requestId);
        }
        LOG.log(Level.SEVERE, "exchange " + requestId + " failed", failure);
        return ExchangeErrors.of(500, "Internal server error (requestId " + requestId + ")", requestId);
    }
}
