package dev.tokenbroker.github.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.github.entity.GitHubDeadlineExceededException;
import dev.tokenbroker.github.entity.GitHubOutcomeUnknownException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;

import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The retry layer, around {@link GitHubTransport} (so every attempt passes the one circuit breaker). Only transient
 * failures are retried, never a 4xx, and never a call the broker refused itself (breaker open, bulkhead full, deadline reached): a read up to twice, a mint or revoke once and only when GitHub cannot have acted
 * on it (502, 503, 504, or no connection). A 500 or a timeout on a mint is never retried: a token may already exist.
 * FT's delays are fixed plus jitter (250 ± 100 ms); tune with FT's keys, e.g.
 * {@code dev.tokenbroker.github.control.GitHubRetries/read/Retry/maxRetries}.
 */
@ApplicationScoped
public class GitHubRetries {

    @Inject
    GitHubTransport transport;

    @Retry(maxRetries = 2, delay = 250, jitter = 100,
            retryOn = GitHubUnavailableException.class,
            abortOn = {GitHubCallsRefusedException.class, GitHubDeadlineExceededException.class})
    public GitHubResponse read(GitHubRequest request) {
        return transport.send(request);
    }

    @Retry(maxRetries = 1, delay = 250, jitter = 100,
            retryOn = GitHubUnavailableException.class,
            abortOn = {GitHubOutcomeUnknownException.class, GitHubCallsRefusedException.class,
                    GitHubDeadlineExceededException.class})
    public GitHubResponse write(GitHubRequest request) {
        return transport.send(request);
    }
}
