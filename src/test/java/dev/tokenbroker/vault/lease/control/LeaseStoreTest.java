package dev.tokenbroker.vault.lease.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The retry rule of a failed revocation at GitHub (vault-api.md §7.7): 10 s × 2^(n−1), six attempts. */
class LeaseStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void failedRevocationsBackOffExponentiallyAndStopAfterSixAttempts() {
        Duration base = Duration.ofSeconds(10);
        assertThat(LeaseStore.nextAttempt(1, base, NOW)).contains(NOW.plusSeconds(10));
        assertThat(LeaseStore.nextAttempt(2, base, NOW)).contains(NOW.plusSeconds(20));
        assertThat(LeaseStore.nextAttempt(3, base, NOW)).contains(NOW.plusSeconds(40));
        assertThat(LeaseStore.nextAttempt(5, base, NOW)).contains(NOW.plusSeconds(160));
        assertThat(LeaseStore.nextAttempt(6, base, NOW)).as("irrevocable").isEmpty();
        assertThat(LeaseStore.MAX_ATTEMPTS).isEqualTo(6);
    }
}
