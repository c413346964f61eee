package dev.tokenbroker.vault.control;

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

import dev.tokenbroker.platform.control.Settings;

/**
 * Removes expired tokens (and their children), expires leases and retries pending lease revocations every
 * {@code broker.vault.reaper-interval} (vault-api.md §5.9, §7.7), on a Jakarta Concurrency scheduler. Expiry is also checked on every request, so the reaper only cleans up; running it
 * on several nodes at once is harmless (each removal is idempotent, and a lost race is ignored).
 */
@ApplicationScoped
public class Reaper {

    private static final Logger LOG = Logger.getLogger(Reaper.class.getName());
    private static final int BATCH = 500;

    @Inject
    TokenStore tokens;

    @Inject
    Settings settings;

    @Inject
    LeaseStore leases;

    @Inject
    LeaseRevoker revoker;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        long seconds;
        try {
            seconds = Math.max(1, VaultDurations.parseSeconds(settings.text("broker.vault.reaper-interval", "10s")));
        } catch (IllegalArgumentException e) {
            seconds = 10;
        }
        task = scheduler.scheduleWithFixedDelay(this::reap, seconds, seconds, TimeUnit.SECONDS);
    }

    void reap() {
        try {
            int removed = tokens.revokeExpired(BATCH);
            if (removed > 0) {
                LOG.fine(() -> "removed " + removed + " expired tokens");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "expired tokens were removed by another node, or the database is unavailable", e);
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
