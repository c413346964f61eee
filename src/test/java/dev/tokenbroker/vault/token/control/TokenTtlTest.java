package dev.tokenbroker.vault.token.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tokenbroker.vault.logical.entity.VaultException;

/** Vault's CalculateTTL: the table of vault-api.md §4.5 (G12, A10) and renewals (H4–H6). */
class TokenTtlTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long H = 3600;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "nothing configured | 2764800 | 2764800 | 0 | 0 | 0 | 2764800 | ''",
        "token_max_ttl=1h | 2764800 | 2764800 | 0 | 3600 | 0 | 3600 | TTL of \"768h\" exceeded the effective max_ttl of \"1h\"; TTL value is capped accordingly",
        "24h/48h, ttl 1h max 2h | 86400 | 172800 | 3600 | 7200 | 0 | 3600 | ''",
        "24h/48h, ttl 50h max 50h | 86400 | 172800 | 180000 | 180000 | 0 | 172800 | TTL of \"50h\" exceeded the effective max_ttl of \"48h\"; TTL value is capped accordingly",
        "period 1000h | 2764800 | 2764800 | 0 | 0 | 3600000 | 2764800 | period of \"1000h\" exceeded the effective max_ttl of \"768h\"; period value is capped accordingly",
        "A10 (a) 24h/48h, nothing | 86400 | 172800 | 0 | 0 | 0 | 86400 | ''"
    })
    void matchesTheContractsTable(String name, long systemDefault, long systemMax, long ttl, long max, long period,
                                  long expected, String warning) {
        TokenTtl.Result r = TokenTtl.calculate(systemDefault, systemMax, ttl, max, 0, period, 0, NOW, NOW);
        assertThat(r.ttl()).isEqualTo(expected);
        if (warning.isEmpty()) {
            assertThat(r.warnings()).isEmpty();
        } else {
            assertThat(r.warnings()).containsExactly(warning);
        }
    }

    @Test
    void h4AnIncrementReplacesTheBackendTtl() {
        assertThat(TokenTtl.calculate(768 * H, 768 * H, 24 * H, 0, 0, 0, H, NOW, NOW).ttl()).isEqualTo(H);
    }

    @Test
    void h5TheExplicitMaxCapsThenEnds() {
        Instant issued = NOW;
        TokenTtl.Result capped = TokenTtl.calculate(768 * H, 768 * H, H, 0, 2 * H, 0, 0, issued, NOW.plusSeconds(2 * H - 600));
        assertThat(capped.ttl()).isEqualTo(600);
        assertThat(capped.warnings()).hasSize(1);
        assertThatThrownBy(() -> TokenTtl.calculate(768 * H, 768 * H, H, 0, 2 * H, 0, 0, issued, NOW.plusSeconds(2 * H)))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.errors().get(0)).contains("past the max TTL, cannot renew"));
    }

    @Test
    void h6APeriodicTokenRenewsForeverWithoutExplicitMax() {
        assertThat(TokenTtl.calculate(768 * H, 2 * H, 0, 0, 0, H, 0, NOW, NOW.plusSeconds(10 * H)).ttl()).isEqualTo(H);
    }
}
