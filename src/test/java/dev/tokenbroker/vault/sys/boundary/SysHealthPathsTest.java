package dev.tokenbroker.vault.sys.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.platform.control.BrokerVersion;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;
import dev.tokenbroker.testsupport.MutableClock;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.sys.control.VaultDatabase;
import dev.tokenbroker.vault.sys.control.VaultVersion;

/** C15: a broker whose database does not answer reports itself sealed, so load balancers take it out. */
class SysHealthPathsTest {

    private static SysHealthPaths health(boolean databaseUp) {
        SysHealthPaths paths = new SysHealthPaths();
        paths.version = new VaultVersion(new Settings(new MapConfig(Map.of()), new ConfigurationProblems()), new BrokerVersion());
        paths.clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        paths.database = new VaultDatabase() {
            @Override
            public boolean reachable() {
                return databaseUp;
            }
        };
        return paths;
    }

    private static VaultResponse call(SysHealthPaths paths, Map<String, JsonValue> query) {
        return paths.health(new VaultRequest(Operation.READ, "sys/health", query, Optional.empty(), "127.0.0.1",
                Optional.empty()), null);
    }

    @Test
    void activeWhileTheDatabaseAnswers() {
        VaultResponse response = call(health(true), Map.of());
        assertThat(response.rawStatus()).isEqualTo(200);
        assertThat(response.data().getBoolean("sealed")).isFalse();
        assertThat(response.data().getJsonNumber("server_time_utc").longValue()).isEqualTo(1795341600L);
    }

    @Test
    void sealedWithSealedcodeWhenTheDatabaseDoesNotAnswer() {
        VaultResponse response = call(health(false), Map.of());
        assertThat(response.rawStatus()).isEqualTo(503);
        assertThat(response.data().getBoolean("sealed")).isTrue();
        assertThat(call(health(false), Map.of("sealedcode", Json.createValue("299"))).rawStatus()).isEqualTo(299);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"-1", "0", "99", "100", "199", "600", "1000", "99999999999"})
    void statusOverridesOutsideTheFinalHttpStatusesAreRefused(String code) {
        for (String name : java.util.List.of("activecode", "standbycode", "sealedcode", "uninitcode", "drsecondarycode",
                "performancestandbycode")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> call(health(true), Map.of(name, Json.createValue(code))))
                    .isInstanceOfSatisfying(dev.tokenbroker.vault.logical.entity.VaultException.class, e -> {
                        assertThat(e.kind()).isEqualTo(VaultException.Kind.INVALID_REQUEST);
                        assertThat(e.errors()).singleElement().asString().contains(name, "200", "599");
                    });
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {200, 204, 429, 473, 599})
    void finalStatusesAreUsed(int code) {
        assertThat(call(health(true), Map.of("activecode", Json.createValue(String.valueOf(code)))).rawStatus()).isEqualTo(code);
    }
}
