package dev.tokenbroker.vault.logical.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;

/**
 * The Vault API's defaults as shipped, with nothing configured, against the README's configuration table. The
 * integration tests shorten the reaper interval and the revocation backoff and lower the system TTLs; this test is
 * what covers the values themselves (docs/testing.md, "the rule").
 */
class ShippedDefaultsTest {

    private static final long HOURS_768 = 768L * 3600;

    private final ConfigurationProblems problems = new ConfigurationProblems();
    private final Settings emptyConfiguration = new Settings(new MapConfig(Map.of()), problems);

    private VaultSettings vaultSettings() {
        return new VaultSettings(emptyConfiguration, problems);
    }

    @Test
    void defaultLeaseTtlIs768Hours() {
        assertThat(vaultSettings().defaultTtl()).isEqualTo(HOURS_768);
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void maxLeaseTtlIs768Hours() {
        assertThat(vaultSettings().maxTtl()).isEqualTo(HOURS_768);
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void leaseRevokeBackoffIsTenSeconds() {
        assertThat(vaultSettings().leaseRevokeBackoff()).isEqualTo(10);
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void repositoryMetadataIsNotExcluded() {
        assertThat(vaultSettings().excludeRepositoryMetadata()).isFalse();
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void reaperRunsEveryTenSeconds() {
        assertThat(vaultSettings().reaperInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(problems.all()).isEmpty();
    }
}
