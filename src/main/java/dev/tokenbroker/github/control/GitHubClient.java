package dev.tokenbroker.github.control;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.GitHubOutcomeUnknownException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.platform.control.CallDeadline;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Metrics;

/**
 * The fault-tolerance policy that MicroProfile FT cannot express, around {@link GitHubRetries}: an open circuit
 * breaker refuses before anything else is tried, the per-credential rate-limit gate, one short wait for a rate limit that lifts within {@code broker.github.rate-limit.max-wait}
 * (honouring {@code Retry-After}, and only when it lifts before the caller's {@link CallDeadline}), conditional reads, and turning FT's own exceptions into the adapter's types.
 */
@ApplicationScoped
public class GitHubClient {

    private static final Logger LOG = LogLines.logger(GitHubClient.class);

    @Inject
    GitHubRetries retries;

    @Inject
    GitHubTransport transport;

    @Inject
    RateLimitGate gate;

    @Inject
    GitHubCircuit circuit;

    @Inject
    GitHubSettings settings;

    @Inject
    ConditionalReadCache conditional;

    @Inject
    Clock clock;

    @Inject
    Metrics metrics;

    GitHubResponse call(GitHubRequest request) {
        for (int attempt = 1; ; attempt++) {
            circuit.refuseIfOpen();
            gate.check(request.credential(), request.describe());
            try {
                if (request.singleAttempt()) {
                    return transport.send(request);
                }
                return request.mutating() ? retries.write(request) : retries.read(request);
            } catch (GitHubRateLimitedException e) {
                if (attempt > 1 || request.singleAttempt() || e.retryAfter().compareTo(settings.rateLimitMaxWait()) > 0
                        || CallDeadline.remaining(clock.instant()).filter(left -> e.retryAfter().compareTo(left) >= 0).isPresent()) {
                    throw e;
                }
                LOG.info(request.describe() + " was rate limited; waiting " + e.retryAfter().toSeconds() + " s once");
                pause(e.retryAfter());
            } catch (BulkheadException e) {
                throw new GitHubCallsRefusedException("Too many calls to GitHub are in flight; try again shortly",
                        Duration.ofSeconds(1), false);
            }
        }
    }

    /** A GET that revalidates the body cached for this credential and URL; a 304 answers with the cached body. */
    GitHubResponse conditionalGet(GitHubRequest request) {
        Optional<ConditionalReadCache.Cached> cached = conditional.lookup(request);
        GitHubRequest sent = cached.map(c -> request.withIfNoneMatch(c.etag())).orElse(request);
        GitHubResponse response;
        try {
            response = call(sent);
        } catch (GitHubNotFoundException e) {
            conditional.forget(request);
            throw e;
        }
        metrics.conditionalRead(cached.isEmpty() ? "unconditional" : response.status() == 304 ? "not_modified" : "modified");
        if (response.status() == 304) {
            if (cached.isEmpty()) {
                throw new GitHubOutcomeUnknownException("GitHub answered 304 to " + request.describe()
                        + " without a conditional request", 304, null);
            }
            GitHubResponse revalidated = cached.get().response().revalidatedBy(response.headers());
            conditional.store(request, revalidated);
            return revalidated.asNotModified();
        }
        conditional.store(request, response);
        return response;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis() + 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubOutcomeUnknownException("interrupted while waiting out a GitHub rate limit", 0, e);
        }
    }
}
