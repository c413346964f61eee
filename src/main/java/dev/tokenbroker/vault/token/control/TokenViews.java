package dev.tokenbroker.vault.token.control;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.logical.control.VaultJson;
import dev.tokenbroker.vault.logical.entity.TokenInfo;

/** How tokens are shown: lookup {@code data} (vault-api.md §5.5) and the {@code auth} block (§4.6, §5.6). */
public final class TokenViews {

    private TokenViews() {
    }

    /** @param id what {@code data.id} shows: the token as presented, or {@code ""} for accessor lookups */
    public static JsonObject lookup(TokenInfo t, String id, Instant now) {
        long ttl = t.expireTime().map(e -> Math.max(0, Duration.between(now, e).getSeconds())).orElse(0L);
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("id", id)
                .add("accessor", t.accessor())
                .add("policies", VaultJson.strings(t.policies()))
                .add("path", t.path())
                .add("meta", meta(t))
                .add("display_name", t.displayName())
                .add("num_uses", t.numUses())
                .add("orphan", t.orphan())
                .add("creation_time", t.issueTime().getEpochSecond())
                .add("creation_ttl", t.creationTtl())
                .add("expire_time", t.expireTime().<JsonValue>map(e -> CachedJson.createValue(rfc3339(e))).orElse(JsonValue.NULL))
                .add("ttl", ttl)
                .add("explicit_max_ttl", t.explicitMaxTtl())
                .add("entity_id", t.entityId())
                .add("type", t.type().wire())
                .add("renewable", t.renewable())
                .add("issue_time", rfc3339(t.issueTime()));
        if (t.period() > 0) {
            o.add("period", t.period());
        }
        if (!t.boundCidrs().isEmpty()) {
            o.add("bound_cidrs", VaultJson.strings(t.boundCidrs()));
        }
        t.lastRenewal().ifPresent(r -> o.add("last_renewal_time", r.getEpochSecond()).add("last_renewal", rfc3339(r)));
        return o.build();
    }

    /** The {@code auth} block of a login, create or renewal. */
    public static JsonObject auth(TokenInfo t, String clientToken, long leaseDuration) {
        return CachedJson.createObjectBuilder()
                .add("client_token", clientToken)
                .add("accessor", t.accessor())
                .add("policies", VaultJson.strings(t.policies()))
                .add("token_policies", VaultJson.strings(t.policies()))
                .add("metadata", meta(t))
                .add("lease_duration", leaseDuration)
                .add("renewable", t.renewable())
                .add("entity_id", t.entityId())
                .add("token_type", t.type().wire())
                .add("orphan", t.orphan())
                .add("mfa_requirement", JsonValue.NULL)
                .add("num_uses", t.numUses())
                .build();
    }

    private static JsonObject meta(TokenInfo t) {
        JsonObjectBuilder m = CachedJson.createObjectBuilder();
        t.meta().forEach(m::add);
        return m.build();
    }

    public static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
