package dev.tokenbroker.vault.logical.control;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.CurrentRequest;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultResponse;

/** Vault's response bodies, compact, with every envelope member present even when null (vault-api.md §1.6–1.7). */
public final class VaultJson {

    /** Beyond this many digits a number keeps its exponent form. */
    private static final int MAX_PLAIN_DIGITS = 400;

    private VaultJson() {
    }

    /**
     * A number in plain decimal without trailing fractional zeros ({@code 4242.0} and {@code 4.242e3} become
     * {@code 4242}), so it compares equal to the integer a policy names. Absurd magnitudes keep exponent form rather
     * than expanding to millions of digits.
     */
    public static String decimalText(BigDecimal number) {
        BigDecimal n = number.stripTrailingZeros();
        if (n.precision() - n.scale() > MAX_PLAIN_DIGITS || n.scale() > MAX_PLAIN_DIGITS) {
            return n.toString();
        }
        return n.toPlainString();
    }

    public static String envelope(VaultResponse response, String mountType) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("request_id", CurrentRequest.id().orElseGet(() -> UUID.randomUUID().toString()))
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
