package dev.tokenbroker.vault.token.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;
import dev.tokenbroker.vault.logical.control.VaultSettings;

/** The reaper schedules itself at start-up every {@code broker.vault.reaper-interval}, first run included. */
class ReaperTest {

    @Test
    void schedulesItselfAtTheConfiguredInterval() {
        assertThat(scheduledAt(Map.of(VaultSettings.REAPER_INTERVAL, "1500ms"))).containsExactly(1_500L, 1_500L);
    }

    @Test
    void schedulesItselfEveryTenSecondsByDefault() {
        assertThat(scheduledAt(Map.of())).containsExactly(10_000L, 10_000L);
    }

    /** Starts a reaper on a scheduler that only records, and returns the initial delay and the delay it asked for. */
    private List<Object> scheduledAt(Map<String, String> config) {
        List<Object[]> scheduled = new ArrayList<>();
        ConfigurationProblems problems = new ConfigurationProblems();
        Reaper reaper = new Reaper();
        reaper.settings = new VaultSettings(new Settings(new MapConfig(config), problems), problems);
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
        assertThat(scheduled.get(0)[3]).isEqualTo(TimeUnit.MILLISECONDS);
        assertThat(problems.all()).isEmpty();
        return List.of(scheduled.get(0)[1], scheduled.get(0)[2]);
    }
}
