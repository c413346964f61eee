package dev.tokenbroker.vault.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;

import org.junit.jupiter.api.Test;

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
        VaultSettings settings = new VaultSettings();
        settings.settings = emptyConfiguration;
        settings.problems = problems;
        settings.read();
        return settings;
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

    /** The reaper reads its interval when it schedules itself at start-up; the scheduler here only records. */
    @Test
    void reaperRunsEveryTenSeconds() {
        List<Object[]> scheduled = new ArrayList<>();
        Reaper reaper = new Reaper();
        reaper.settings = emptyConfiguration;
        reaper.scheduler = (ManagedScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("scheduleWithFixedDelay")) {
                        scheduled.add(args);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        reaper.atStartup(new Object());

        assertThat(scheduled).hasSize(1);
        Object[] args = scheduled.get(0);
        assertThat(args[1]).as("initial delay").isEqualTo(10_000L);
        assertThat(args[2]).as("delay between runs").isEqualTo(10_000L);
        assertThat(args[3]).isEqualTo(TimeUnit.MILLISECONDS);
        assertThat(problems.all()).isEmpty();
    }
}
