package dev.tokenbroker.vault.sys.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.vault.lease.control.LeaseStore;
import dev.tokenbroker.vault.lease.entity.LeaseState;
import dev.tokenbroker.vault.token.control.RootTokenBootstrap;
import dev.tokenbroker.vault.token.control.TokenIssuer;
import dev.tokenbroker.vault.token.control.TokenStore;

/**
 * Gauges read from the shared database at scrape time: live service tokens by source, leases by state, and whether
 * and how fast the database answers (the pool is the server's, so its use shows as the time a probe waits). One
 * reading serves all of them for {@value #FRESH_SECONDS} s, so a scrape costs three short queries at most and a
 * scraper polling faster costs nothing more. Every node reports the same token and lease figures (the database is
 * shared): aggregate them with {@code max}, not {@code sum}. A figure that cannot be read now is {@code NaN}.
 */
@ApplicationScoped
public class VaultStateMetrics {

    static final long FRESH_SECONDS = 5;
    private static final Logger LOG = LogLines.logger(VaultStateMetrics.class);
    private static final List<String> TOKEN_SOURCES = List.of(TokenIssuer.FROM_LOGIN, TokenIssuer.FROM_CREATE,
            RootTokenBootstrap.CONFIG_ROOT, RootTokenBootstrap.GENERATED_ROOT);

    /** One reading of the database; the maps are null when they could not be read. */
    record Reading(Instant at, Optional<Duration> probe, Map<String, Long> tokens, Map<LeaseState, Long> leases) {
    }

    @Inject
    Metrics metrics;

    @Inject
    VaultDatabase database;

    @Inject
    TokenStore tokens;

    @Inject
    LeaseStore leases;

    @Inject
    Clock clock;

    /** How long a scrape waits for the database's answer; past it the figures show as unreadable for now. */
    static final long WAIT_MILLIS = 2_000;

    @Resource
    ManagedExecutorService executor;

    private Reading last;
    private CompletableFuture<Reading> pending;

    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        metrics.gauge("broker.database.up", "1 when the database answered the probe of the last scrape, else 0",
                null, null, null, () -> reading().probe().isPresent() ? 1 : 0);
        metrics.gauge("broker.database.probe.duration", "Time to take a pooled connection and run one cheap query",
                "seconds", null, null, () -> reading().probe().map(d -> (Number) (d.toNanos() / 1e9)).orElse(Double.NaN));
        for (String source : TOKEN_SOURCES) {
            metrics.gauge("broker.vault.tokens", "Live service tokens in the store, by source (cluster-wide)", null,
                    "source", source, () -> count(reading().tokens(), source));
        }
        for (LeaseState state : LeaseState.values()) {
            metrics.gauge("broker.vault.leases", "GitHub token leases, by state (cluster-wide)", null,
                    "state", state.column(), () -> count(reading().leases(), state));
        }
    }

    private static <K> Number count(Map<K, Long> counts, K key) {
        return counts == null ? Double.NaN : counts.getOrDefault(key, 0L);
    }

    /**
     * The reading of the last {@value #FRESH_SECONDS} s, or a new one. The database is asked off the scraping thread
     * and waited for at most {@link #WAIT_MILLIS} ms: a database or pool that does not answer makes the figures
     * unreadable ({@code broker_database_up} 0), never the scrape hang. A reading still running is not started twice.
     */
    synchronized Reading reading() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.at().plusSeconds(FRESH_SECONDS)) && !now.isBefore(last.at())) {
            return last;
        }
        if (pending == null) {
            pending = CompletableFuture.supplyAsync(() -> read(now), executor);
        }
        try {
            last = pending.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            pending = null;
        } catch (TimeoutException e) {
            last = new Reading(now, Optional.empty(), null, null); // unreadable for this scrape; the reading goes on
        } catch (ExecutionException e) {
            pending = null;
            last = new Reading(now, Optional.empty(), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = new Reading(now, Optional.empty(), null, null);
        }
        return last;
    }

    private Reading read(Instant now) {
        Optional<Duration> probe = database.probe();
        Map<String, Long> tokenCounts = null;
        Map<LeaseState, Long> leaseCounts = null;
        if (probe.isPresent()) {
            try {
                tokenCounts = tokens.liveCountsBySource();
                leaseCounts = leases.countsByState();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "token and lease counts could not be read", e);
            }
        }
        return new Reading(now, probe, tokenCounts, leaseCounts);
    }
}
