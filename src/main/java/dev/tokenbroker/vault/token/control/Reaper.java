package dev.tokenbroker.vault.token.control;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.vault.lease.control.LeaseRevoker;
import dev.tokenbroker.vault.lease.control.LeaseStore;
import dev.tokenbroker.vault.logical.control.VaultSettings;

/**
 * Removes expired and used-up tokens (and their children), expires leases and retries pending lease revocations
 * every {@code broker.vault.reaper-interval} (vault-api.md §5.9, §7.7), on a Jakarta Concurrency scheduler. Expiry
 * is also checked on every request, so the reaper only cleans up. Each token is revoked in its own transaction: when
 * several nodes race for one token, only that token's revocation fails (the winner did it). Leases are claimed
 * before GitHub is called (see {@link LeaseStore}), so exactly one node revokes each.
 */
@ApplicationScoped
public class Reaper {

    private static final Logger LOG = LogLines.logger(Reaper.class);
    private static final int BATCH = 500;

    @Inject
    TokenStore tokens;

    @Inject
    VaultSettings settings;

    @Inject
    LeaseStore leases;

    @Inject
    LeaseRevoker revoker;

    @Inject
    Metrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        long interval = settings.reaperInterval().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::reap, interval, interval, TimeUnit.MILLISECONDS);
    }

    void reap() {
        long start = System.nanoTime();
        try {
            reapOnce();
        } finally {
            metrics.reaperRun(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void reapOnce() {
        int removed = 0;
        try {
            for (String hash : tokens.expiredHashes(BATCH)) {
                try {
                    removed += tokens.revoke(hash); // one transaction per token: a conflict costs only that token
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "an expired token was revoked concurrently (another node or request)", e);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "expired tokens could not be read; the database may be unavailable", e);
        }
        if (removed > 0) {
            int count = removed;
            LOG.fine(() -> "removed " + count + " expired tokens");
        }
        try {
            leases.expire();
            revoker.revokeDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "lease expiry or revocation failed this round; the next round retries", e);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
