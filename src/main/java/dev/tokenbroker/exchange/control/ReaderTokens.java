package dev.tokenbroker.exchange.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.InstallationToken;
import dev.tokenbroker.github.entity.TokenRequest;
import dev.tokenbroker.platform.control.ExpiringCache;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Metrics;

/**
 * The broker's own installation tokens for reading policy files (actions-exchange.md §10.5): one per installation,
 * {@code {"single_file":"read","contents":"read"}} over all its repositories, reused until
 * {@code expires_at - broker.exchange.reader-token.renew-before}, so that GitHub's ETags (bound to the token) keep
 * answering 304. A replaced or discarded token is revoked in the background; on shutdown all are revoked (best
 * effort, within 5 s). Reader tokens are never logged and never returned to anybody.
 */
@ApplicationScoped
public class ReaderTokens {

    /** A reader token and when it was minted (GitHub may not know a token for a few seconds after minting). */
    public record Reader(String token, Instant mintedAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Reader[<redacted>, mintedAt=" + mintedAt + ", expiresAt=" + expiresAt + "]";
        }
    }

    static final TokenRequest READER = TokenRequest.forAllRepositories(Map.of("single_file", "read", "contents", "read"));
    private static final Logger LOG = LogLines.logger(ReaderTokens.class);

    @Inject
    GitHubApi github;

    @Inject
    ExchangeSettings settings;

    @Inject
    Clock clock;

    @Resource
    ManagedExecutorService executor;

    private ExpiringCache<Long, Reader> readers;
    private final Map<String, Boolean> live = new ConcurrentHashMap<>();

    @Inject
    Metrics metrics;

    @PostConstruct
    void create() {
        readers = new ExpiringCache<>(clock, 10_000);
        metrics.cache("reader_tokens", readers);
    }

    /** Made at start-up, so its metrics are there before the first request. */
    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // nothing else: being created registers the metrics
    }

    /** The reader token to use now for this installation, minting one when there is none or it is due for renewal. */
    public Reader current(long installationId) {
        return readers.get(installationId, () -> mint(installationId), this::usableFor);
    }

    /** Drops a reader token GitHub no longer accepts; the next call mints a new one. */
    public void discard(long installationId, Reader reader) {
        if (readers.stale(installationId).filter(reader::equals).isPresent()) {
            readers.remove(installationId);
        }
        revokeLater(reader);
    }

    private Reader mint(long installationId) {
        Reader previous = readers.stale(installationId).orElse(null);
        InstallationToken token = github.mint(installationId, READER);
        Reader reader = new Reader(token.token(), clock.instant(), token.expiresAt());
        live.put(reader.token(), Boolean.TRUE);
        if (previous != null) {
            revokeLater(previous);
        }
        return reader;
    }

    private Duration usableFor(Reader reader) {
        return Duration.between(clock.instant(), reader.expiresAt().minus(settings.readerRenewBefore()));
    }

    private void revokeLater(Reader reader) {
        if (live.remove(reader.token()) == null) {
            return;
        }
        try {
            executor.submit(() -> revoke(reader.token()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not schedule a reader token revocation", e);
        }
    }

    private void revoke(String token) {
        try {
            github.revoke(token);
        } catch (GitHubException | IllegalArgumentException e) {
            LOG.info("A retired reader token could not be revoked (" + e.getMessage() + "); it expires within an hour");
        }
    }

    @PreDestroy
    void revokeAll() {
        List<Future<?>> pending = new ArrayList<>();
        for (String token : List.copyOf(live.keySet())) {
            live.remove(token);
            try {
                pending.add(executor.submit(() -> revoke(token)));
            } catch (RuntimeException e) {
                revoke(token);
            }
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Future<?> f : pending) {
            try {
                f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                LOG.log(Level.FINE, "reader token revocation did not finish at shutdown", e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
