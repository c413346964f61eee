package dev.tokenbroker.vault.control;

import java.util.List;
import java.util.UUID;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.tokenbroker.vault.entity.VaultException;
import dev.tokenbroker.vault.entity.VaultResponse;
import dev.tokenbroker.platform.control.CachedJson;

/** Vault's response bodies, compact, with every envelope member present even when null (vault-api.md §1.6–1.7). */
public final class VaultJson {

    private VaultJson() {
    }

    public static String envelope(VaultResponse response, String mountType) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("request_id", UUID.randomUUID().toString())
                .add("lease_id", response.leaseId())
                .add("renewable", response.renewable())
                .add("lease_duration", response.leaseDuration());
        o.add("data", response.data() == null ? JsonValue.NULL : response.data());
        o.add("wrap_info", JsonValue.NULL);
        o.add("warnings", response.warnings().isEmpty() ? JsonValue.NULL : strings(response.warnings()).build());
        o.add("auth", response.auth() == null ? JsonValue.NULL : response.auth());
        o.add("mount_type", mountType);
        if (response.copiesDataToTop() && response.data() != null) {
            response.data().forEach((k, v) -> {
                if (!k.equals("data") && !k.equals("auth")) {
                    o.add(k, v);
                }
            });
        }
        return o.build().toString();
    }

    public static String errors(VaultException e) {
        return CachedJson.createObjectBuilder().add("errors", strings(e.errors())).build().toString();
    }

    public static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder a = CachedJson.createArrayBuilder();
        values.forEach(a::add);
        return a;
    }
}
