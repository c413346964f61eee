package dev.tokenbroker.platform.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A bounded LRU map whose entries expire, with single-flight loading: while one caller loads a key, concurrent
 * callers for the same key wait for that load instead of calling GitHub again. A failed load caches nothing and
 * leaves the previous entry in place, so a loader may consult the {@link #stale(Object) stale} value (to revalidate
 * it, or to serve it while GitHub is down). Not a CDI bean itself; the features' cache beans own instances of it.
 *
 * <p>Lookups take no lock: entries live in a {@link ConcurrentHashMap} and a hit only stamps the entry's recency.
 * When an insert passes the bound, one thread evicts the least recently used entries, a sixteenth of the bound more
 * than needed, so the sort that finds them runs once per that many inserts rather than on every one.
 */
public final class ExpiringCache<K, V> implements CountedCache {

    private static final class Entry<V> {
        final V value;
        final Instant expiresAt;
        /** Only ever raised: a hit that drew its stamp earlier but writes later must not make the entry look older. */
        final AtomicLong lastUsed;

        Entry(V value, Instant expiresAt, long lastUsed) {
            this.value = value;
            this.expiresAt = expiresAt;
            this.lastUsed = new AtomicLong(lastUsed);
        }
    }

    private record Stamped<K, V>(K key, Entry<V> entry, long lastUsed) {
    }

    private final Clock clock;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Map<K, CompletableFuture<V>> loading = new ConcurrentHashMap<>();
    private final AtomicLong uses = new AtomicLong();
    private final Object evicting = new Object();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    public ExpiringCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** The cached value, or the loader's, kept for {@code ttl.apply(value)} (zero or less: not kept). */
    public V get(K key, Supplier<V> loader, Function<V, Duration> ttl) {
        Entry<V> cached = fresh(key);
        if (cached != null) {
            hits.increment();
            return cached.value;
        }
        misses.increment();
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            Optional<V> loaded = await(running);
            if (loaded.isPresent()) {
                return loaded.get();
            }
            // waited as long as this caller may: it loads for itself, its calls bounded by its own deadline
        }
        try {
            V value = loader.get();
            Duration keep = ttl.apply(value);
            if (keep.compareTo(Duration.ZERO) > 0) {
                entries.put(key, new Entry<>(value, clock.instant().plus(keep), uses.incrementAndGet()));
                if (entries.size() > maxEntries) {
                    evictLeastRecentlyUsed();
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

    /** The longest a caller without a {@link CallDeadline} waits for another caller's load of the same key. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** The entry for this key, fresh or expired, if the LRU bound has not dropped it. */
    public Optional<V> stale(K key) {
        Entry<V> e = entries.get(key);
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    public void remove(K key) {
        entries.remove(key);
    }

    public void removeIf(Predicate<V> condition) {
        entries.values().removeIf(e -> condition.test(e.value));
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public long hits() {
        return hits.sum();
    }

    @Override
    public long misses() {
        return misses.sum();
    }

    @Override
    public long evictions() {
        return evictions.sum();
    }

    private Entry<V> fresh(K key) {
        Entry<V> e = entries.get(key);
        if (e == null || !clock.instant().isBefore(e.expiresAt)) {
            return null;
        }
        e.lastUsed.accumulateAndGet(uses.incrementAndGet(), Math::max);
        return e;
    }

    private void evictLeastRecentlyUsed() {
        synchronized (evicting) {
            int excess = entries.size() - maxEntries;
            if (excess <= 0) {
                return;
            }
            int evict = excess + maxEntries / 16;
            // stamps are read once: hits keep changing them, and a sort needs values that hold still
            List<Stamped<K, V>> oldest = new ArrayList<>(entries.size());
            entries.forEach((k, e) -> oldest.add(new Stamped<>(k, e, e.lastUsed.get())));
            oldest.sort(Comparator.comparingLong(Stamped::lastUsed));
            for (Stamped<K, V> e : oldest.subList(0, Math.min(evict, oldest.size()))) {
                if (entries.remove(e.key(), e.entry())) {
                    evictions.increment();
                }
            }
        }
    }

    /**
     * The other caller's value, or empty when it was not ready within this thread's {@link CallDeadline} (or
     * {@link #MAX_WAIT} without one): every wait is bounded.
     */
    private Optional<V> await(CompletableFuture<V> running) {
        Duration left = CallDeadline.remaining(clock.instant()).orElse(MAX_WAIT);
        try {
            return Optional.of(running.get(Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a cache load", e);
        }
    }
}
