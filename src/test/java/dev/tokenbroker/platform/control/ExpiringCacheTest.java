package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenbroker.testsupport.MutableClock;

import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final ExpiringCache<String, String> cache = new ExpiringCache<>(clock, 3);
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    @Test
    void keepsAValueForItsTtlThenLoadsAgain() {
        assertThat(cache.get("k", () -> load("v1"), v -> Duration.ofSeconds(60))).isEqualTo("v1");
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("k", () -> load("v2"), v -> Duration.ofSeconds(60))).isEqualTo("v1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k", () -> load("v2"), v -> Duration.ofSeconds(60))).isEqualTo("v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void ttlMayDependOnTheValue() {
        cache.get("missing", () -> load(""), v -> v.isEmpty() ? Duration.ofSeconds(5) : Duration.ofSeconds(300));
        clock.advance(Duration.ofSeconds(5));
        cache.get("missing", () -> load("found"), v -> v.isEmpty() ? Duration.ofSeconds(5) : Duration.ofSeconds(300));
        assertThat(loads).hasValue(2);
    }

    @Test
    void anExpiredEntryStaysAvailableAsStaleUntilReplaced() {
        cache.get("k", () -> load("v1"), v -> Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(61));
        assertThat(cache.stale("k")).contains("v1");
        assertThatThrownBy(() -> cache.get("k", () -> {
            throw new IllegalStateException("GitHub down");
        }, v -> Duration.ofSeconds(60))).hasMessage("GitHub down");
        assertThat(cache.stale("k")).as("a failed reload keeps the old entry").contains("v1");
        assertThat(cache.get("k", () -> load("v2"), v -> Duration.ofSeconds(60))).isEqualTo("v2");
        assertThat(cache.stale("k")).contains("v2");
    }

    @Test
    void zeroTtlKeepsNothing() {
        cache.get("k", () -> load("v"), v -> Duration.ZERO);
        cache.get("k", () -> load("v"), v -> Duration.ZERO);
        assertThat(loads).hasValue(2);
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondItsBound() {
        for (String k : List.of("a", "b", "c")) {
            cache.get(k, () -> load(k), v -> Duration.ofHours(1));
        }
        cache.get("a", () -> load("a"), v -> Duration.ofHours(1)); // a is now most recent
        cache.get("d", () -> load("d"), v -> Duration.ofHours(1)); // evicts b
        assertThat(cache.size()).isEqualTo(3);
        cache.get("b", () -> load("b"), v -> Duration.ofHours(1));
        assertThat(loads).hasValue(5);
    }

    @Test
    void aFailedLoadIsNotCached() {
        assertThatThrownBy(() -> cache.get("k", () -> {
            throw new IllegalStateException("GitHub down");
        }, v -> Duration.ofHours(1))).hasMessage("GitHub down");
        assertThat(cache.get("k", () -> load("v"), v -> Duration.ofHours(1))).isEqualTo("v");
    }

    @Test
    void removeIfDropsMatchingEntries() {
        cache.get("a", () -> load("x"), v -> Duration.ofHours(1));
        cache.get("b", () -> load("y"), v -> Duration.ofHours(1));
        cache.removeIf("x"::equals);
        cache.get("a", () -> load("x"), v -> Duration.ofHours(1));
        cache.get("b", () -> load("y"), v -> Duration.ofHours(1));
        assertThat(loads).hasValue(3);
    }

    @Test
    void concurrentMissesOnOneKeyLoadOnce() throws Exception {
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            results.add(pool.submit(() -> cache.get("k", () -> {
                loaderEntered.countDown();
                await(release);
                return load("v");
            }, v -> Duration.ofHours(1))));
            assertThat(loaderEntered.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> cache.get("k", () -> load("other"), v -> Duration.ofHours(1))));
            }
            release.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("v");
            }
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** issue 14: a caller never waits past its deadline for another caller's slow load; it loads for itself. */
    @Test
    void aWaitForAnotherCallersLoadEndsAtTheCallersDeadline() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = pool.submit(() -> cache.get("k", () -> {
                loading.countDown();
                await(release);
                return load("slow");
            }, v -> Duration.ofSeconds(60)));
            await(loading);
            long start = System.nanoTime();
            String mine = CallDeadline.within(clock.instant().plusMillis(200),
                    () -> cache.get("k", () -> load("mine"), v -> Duration.ofSeconds(60)));
            assertThat(mine).isEqualTo("mine");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void theBoundHoldsUnderConcurrentInsertsAndAHotKeySurvives() throws Exception {
        ExpiringCache<String, String> bounded = new ExpiringCache<>(java.time.Clock.systemUTC(), 64);
        bounded.get("hot", () -> "hot", v -> Duration.ofHours(1));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        bounded.get(thread + "-" + i, () -> "v", v -> Duration.ofHours(1));
                        assertThat(bounded.get("hot", () -> "reloaded", v -> Duration.ofHours(1))).isEqualTo("hot");
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(bounded.size()).isLessThanOrEqualTo(64 + 8);
        assertThat(bounded.stale("hot")).as("used on every round, never the least recent").contains("hot");
    }

    @Test
    void passingTheBoundEvictsASixteenthMoreSoEvictionIsRare() {
        ExpiringCache<String, String> bounded = new ExpiringCache<>(java.time.Clock.systemUTC(), 32);
        for (int i = 0; i <= 32; i++) {
            bounded.get("k" + i, () -> "v", v -> Duration.ofHours(1));
        }
        assertThat(bounded.size()).isEqualTo(30);
        assertThat(bounded.stale("k0")).isEmpty();
        assertThat(bounded.stale("k32")).isPresent();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
