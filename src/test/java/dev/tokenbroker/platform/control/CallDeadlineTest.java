package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

class CallDeadlineTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void noDeadlineOutsideAUnitOfWork() {
        assertThat(CallDeadline.remaining(NOW)).isEmpty();
    }

    @Test
    void theNearerDeadlineWinsAndTheOuterOneIsRestored() {
        CallDeadline.within(NOW.plusSeconds(20), () -> {
            assertThat(CallDeadline.remaining(NOW)).contains(Duration.ofSeconds(20));
            CallDeadline.within(NOW.plusSeconds(5), () -> assertThat(CallDeadline.remaining(NOW)).contains(Duration.ofSeconds(5)));
            CallDeadline.within(NOW.plusSeconds(60), () -> assertThat(CallDeadline.remaining(NOW))
                    .as("an inner unit cannot extend the outer deadline").contains(Duration.ofSeconds(20)));
            assertThat(CallDeadline.remaining(NOW)).contains(Duration.ofSeconds(20));
            return null;
        });
        assertThat(CallDeadline.remaining(NOW)).isEmpty();
    }

    @Test
    void theDeadlineIsRestoredWhenTheWorkFails() {
        try {
            CallDeadline.within(NOW.plusSeconds(1), () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("boom");
        }
        assertThat(CallDeadline.remaining(NOW)).isEmpty();
    }

    @Test
    void workHandedToAnotherThreadTakesTheDeadlineAlong() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            var carried = CallDeadline.within(NOW.plusSeconds(7), () -> CallDeadline.carriedTo(() -> CallDeadline.remaining(NOW)));
            assertThat(other.submit(carried).get()).contains(Duration.ofSeconds(7));
            assertThat(other.submit(() -> CallDeadline.remaining(NOW)).get()).as("and leaves none behind").isEmpty();
        } finally {
            other.shutdownNow();
        }
    }
}
