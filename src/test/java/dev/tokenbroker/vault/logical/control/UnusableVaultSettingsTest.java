package dev.tokenbroker.vault.logical.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;

/** A Vault setting that cannot work is reported (readiness DOWN names it) instead of being replaced in silence. */
class UnusableVaultSettingsTest {

    private final ConfigurationProblems problems = new ConfigurationProblems();

    @ParameterizedTest
    @ValueSource(strings = {"soon", "0s", "-5s", "9223372036854775807s", "999999999999d", "999999999999"})
    void anUnusableReaperIntervalIsReportedAndTheDefaultUsed(String value) {
        assertThat(vaultSettings(Map.of(VaultSettings.REAPER_INTERVAL, value)).reaperInterval())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(problems.all()).containsOnlyKeys(VaultSettings.REAPER_INTERVAL);
    }

    @Test
    void aReaperIntervalInMillisecondsIsKept() {
        assertThat(vaultSettings(Map.of(VaultSettings.REAPER_INTERVAL, "1500ms")).reaperInterval())
                .isEqualTo(Duration.ofMillis(1_500));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void aZeroLeaseRevokeBackoffIsReportedAndOneSecondUsed() {
        VaultSettings settings = vaultSettings(Map.of(VaultSettings.LEASE_REVOKE_BACKOFF, "0"));
        assertThat(settings.leaseRevokeBackoff()).isEqualTo(1);
        assertThat(problems.all()).containsOnlyKeys(VaultSettings.LEASE_REVOKE_BACKOFF);
    }

    /** issue 14: one duration grammar for every setting; {@code 250ms} used to become 0 s here. */
    @Test
    void vaultDurationsUseTheBrokersGrammarAndRoundAFractionUp() {
        VaultSettings settings = vaultSettings(Map.of(VaultSettings.LEASE_REVOKE_BACKOFF, "1500ms",
                "broker.vault.default-lease-ttl", "1h30m", "broker.vault.max-lease-ttl", "7d"));
        assertThat(settings.defaultTtl()).isEqualTo(5_400);
        assertThat(settings.maxTtl()).isEqualTo(604_800);
        assertThat(settings.leaseRevokeBackoff()).as("1.5 s rounded up, not down").isEqualTo(2);
        assertThat(problems.all()).containsOnlyKeys(VaultSettings.LEASE_REVOKE_BACKOFF);
        assertThat(problems.all().get(VaultSettings.LEASE_REVOKE_BACKOFF)).contains("not a whole number of seconds");
    }

    @Test
    void aSubSecondBackoffIsOneSecondNotZero() {
        VaultSettings settings = vaultSettings(Map.of(VaultSettings.LEASE_REVOKE_BACKOFF, "250ms"));
        assertThat(settings.leaseRevokeBackoff()).isEqualTo(1);
    }

    private VaultSettings vaultSettings(Map<String, String> config) {
        return new VaultSettings(new Settings(new MapConfig(config), problems), problems);
    }
}
