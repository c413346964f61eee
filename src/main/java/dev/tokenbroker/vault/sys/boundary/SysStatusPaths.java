package dev.tokenbroker.vault.sys.boundary;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.sys.control.VaultDatabase;
import dev.tokenbroker.vault.sys.control.VaultVersion;

/**
 * {@code sys/seal-status} and {@code sys/leader}, unauthenticated and outside the envelope, as Vault's own handlers
 * answer them: {@code vault status} reads both, Terraform's provider reads the version from the first. The broker is
 * never sealed in Vault's sense; like {@code sys/health} it reports itself sealed while its database does not answer.
 * It is no HA cluster: every node serves every request.
 */
@ApplicationScoped
public class SysStatusPaths implements VaultPaths {

    static final String CLUSTER_NAME = "tokenbroker";
    /** Vault's zero {@code time.Time}: Go clients decode {@code active_time} as a time, so it may not be empty. */
    static final String NO_TIME = "0001-01-01T00:00:00Z";

    @Inject
    VaultVersion version;

    @Inject
    VaultDatabase database;

    @Override
    public List<VaultRoute> routes() {
        return List.of(
                VaultRoute.of("sys/seal-status", "system", Set.of(Operation.READ), this::sealStatus).unauthenticated(),
                VaultRoute.of("sys/leader", "system", Set.of(Operation.READ), this::leader).unauthenticated());
    }

    VaultResponse sealStatus(VaultRequest request, Matcher match) {
        boolean sealed = !database.reachable();
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("type", "shamir")
                .add("initialized", true)
                .add("sealed", sealed)
                .add("t", 1)
                .add("n", 1)
                .add("progress", 0)
                .add("nonce", "")
                .add("version", version.semantic())
                .add("build_date", version.buildDate())
                .add("migration", false)
                .add("recovery_seal", false);
        if (!sealed) {
            o.add("cluster_name", CLUSTER_NAME)
                    .add("cluster_id", UUID.nameUUIDFromBytes(CLUSTER_NAME.getBytes(StandardCharsets.UTF_8)).toString())
                    .add("storage_type", "database");
        }
        return VaultResponse.raw(200, o.build());
    }

    VaultResponse leader(VaultRequest request, Matcher match) {
        return VaultResponse.raw(200, CachedJson.createObjectBuilder()
                .add("ha_enabled", false)
                .add("is_self", false)
                .add("active_time", NO_TIME)
                .add("leader_address", "")
                .add("leader_cluster_address", "")
                .add("performance_standby", false)
                .add("performance_standby_last_remote_wal", 0)
                .build());
    }
}
