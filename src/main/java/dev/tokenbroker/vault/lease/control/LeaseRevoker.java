package dev.tokenbroker.vault.lease.control;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.vault.lease.entity.LeaseState;
import dev.tokenbroker.vault.lease.entity.LeasesPending;
import dev.tokenbroker.vault.logical.control.VaultSettings;

/**
 * Revokes pending leases at GitHub ({@code DELETE /installation/token} with the lease's own token, vault-api.md
 * §7.7). Woken right after a transaction that marked leases commits, and run by the {@link Reaper} every interval
 * for retries. A failure is recorded on the lease and retried with exponential backoff
 * ({@code broker.vault.lease-revoke-backoff} × 2^(n−1)), never forgotten; after {@link LeaseStore#MAX_ATTEMPTS} the
 * lease is irrevocable and its secret wiped. Leases are claimed one by one, so with several nodes exactly one calls
 * GitHub for a given attempt.
 */
@ApplicationScoped
public class LeaseRevoker {

    private static final Logger LOG = LogLines.logger(LeaseRevoker.class);
    private static final int BATCH = 100;

    /** The outcome of one revocation attempt. {@code error} is empty on success. */
    /** @param retryAfter present when the broker did not call GitHub at all (its circuit breaker is open) */
    public record Attempt(boolean done, String error, Optional<Duration> retryAfter) {
    }

    @Inject
    LeaseStore leases;

    @Inject
    GitHubApi github;

    @Inject
    VaultSettings settings;

    @Inject
    AuditLog audit;

    @Resource
    ManagedExecutorService executor;

    void wake(@Observes(during = TransactionPhase.AFTER_SUCCESS) LeasesPending marked) {
        try {
            executor.submit(this::revokeDue);
        } catch (RejectedExecutionException e) {
            LOG.fine("lease revocation left to the next reaper run: " + e.getMessage());
        }
    }

    /** One attempt for every due lease this node can claim. @return how many were revoked */
    public int revokeDue() {
        int revoked = 0;
        for (String leaseId : leases.due(BATCH)) {
            Optional<Attempt> attempt = attempt(leaseId);
            if (attempt.isPresent() && attempt.get().done()) {
                revoked++;
            }
        }
        return revoked;
    }

    /**
     * Claims the lease and calls GitHub once. @return empty when the lease was not due or another node holds it
     */
    public Optional<Attempt> attempt(String leaseId) {
        Optional<LeaseStore.Claimed> claimed = leases.claim(leaseId);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("leaseId", leaseId);
        event.put("attempt", claimed.get().attempts() + 1);
        try {
            github.revoke(claimed.get().token());
        } catch (GitHubException | IllegalStateException e) {
            String error = e.getMessage();
            Optional<LeaseState> state = leases.failed(leaseId, error, backoff());
            boolean givenUp = state.equals(Optional.of(LeaseState.IRREVOCABLE));
            event.put("decision", "failed");
            event.put("state", state.map(LeaseState::column).orElse("gone"));
            event.put("reason", error);
            audit.record("github.lease.revoke", event);
            LOG.log(givenUp ? Level.WARNING : Level.INFO, "Revoking lease " + leaseId + " at GitHub failed ("
                    + error + "); " + (givenUp ? "giving up: GitHub ends the token at its expiry" : "will retry"));
            Optional<Duration> retryAfter = e instanceof GitHubCallsRefusedException refused ? refused.retryAfter()
                    : Optional.empty();
            return Optional.of(new Attempt(false, error, retryAfter));
        }
        leases.revoked(leaseId);
        event.put("decision", "revoked");
        audit.record("github.lease.revoke", event);
        return Optional.of(new Attempt(true, "", Optional.empty()));
    }

    private Duration backoff() {
        return Duration.ofSeconds(settings.leaseRevokeBackoff());
    }
}
