package dev.tokenbroker.platform.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A bounded LRU map whose entries expire, with single-flight loading: while one caller loads a key, concurrent
 * callers for the same key wait for that load instead of calling GitHub again. A failed load caches nothing and
 * leaves the previous entry in place, so a loader may consult the {@link #stale(Object) stale} value (to revalidate
 * it, or to serve it while GitHub is down). Not a CDI bean itself; the features' cache beans own instances of it.
 */
public final class ExpiringCache<K, V> {

    private record Entry<V>(V value, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<K, Entry<V>> entries;
    private final Map<K, CompletableFuture<V>> loading = new ConcurrentHashMap<>();

    public ExpiringCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The cached value, or the loader's, kept for {@code ttl.apply(value)} (zero or less: not kept). */
    public V get(K key, Supplier<V> loader, Function<V, Duration> ttl) {
        Entry<V> cached = fresh(key);
        if (cached != null) {
            return cached.value();
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            V value = loader.get();
            Duration keep = ttl.apply(value);
            if (keep.compareTo(Duration.ZERO) > 0) {
                synchronized (entries) {
                    entries.put(key, new Entry<>(value, clock.instant().plus(keep)));
                }
            }
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    /** The entry for this key, fresh or expired, if the LRU bound has not dropped it. */
    public Optional<V> stale(K key) {
        synchronized (entries) {
            Entry<V> e = entries.get(key);
            return e == null ? Optional.empty() : Optional.of(e.value());
        }
    }

    public void remove(K key) {
        synchronized (entries) {
            entries.remove(key);
        }
    }

    public void removeIf(Predicate<V> condition) {
        synchronized (entries) {
            entries.values().removeIf(e -> condition.test(e.value()));
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Entry<V> fresh(K key) {
        synchronized (entries) {
            Entry<V> e = entries.get(key);
            if (e == null) {
                return null;
            }
            return clock.instant().isBefore(e.expiresAt()) ? e : null;
        }
    }

    private static <V> V await(CompletableFuture<V> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
