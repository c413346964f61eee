package dev.tokenbroker.vault.logical.entity;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import dev.tokenbroker.platform.control.CachedJson;

/**
 * A successful handler result, written as Vault's envelope (vault-api.md §1.6); {@link #noContent()} is a 204.
 * {@code copyDataToTop} repeats every {@code data} key at the top level, as Vault does for some {@code sys/} routes.
 */
public final class VaultResponse {

    private final JsonObject data;
    private final JsonObject auth;
    private final List<String> warnings = new ArrayList<>();
    private String leaseId = "";
    private long leaseDuration;
    private boolean renewable;
    private boolean copyDataToTop;
    private final boolean noContent;
    private int rawStatus;
    private String rawText;
    private String rawContentType;
    private String mountType = "";

    private VaultResponse(JsonObject data, JsonObject auth, boolean noContent) {
        this.data = data;
        this.auth = auth;
        this.noContent = noContent;
    }

    public static VaultResponse data(JsonObject data) {
        return new VaultResponse(data, null, false);
    }

    /**
     * Vault's list answer, {@code {"keys":[...]}}; an empty list is a 404 with no message, as Vault's router answers a
     * list with nothing in it.
     */
    public static VaultResponse keys(List<String> keys) {
        if (keys.isEmpty()) {
            throw VaultException.empty(VaultException.Kind.NOT_FOUND);
        }
        JsonArrayBuilder array = CachedJson.createArrayBuilder();
        keys.forEach(array::add);
        return data(CachedJson.createObjectBuilder().add("keys", array).build());
    }

    public static VaultResponse auth(JsonObject auth) {
        return new VaultResponse(null, auth, false);
    }

    /** A bare JSON body with its own status, outside the envelope ({@code sys/health}); a null body for HEAD. */
    public static VaultResponse raw(int status, JsonObject body) {
        VaultResponse r = new VaultResponse(body, null, false);
        r.rawStatus = status;
        return r;
    }

    /** A bare text body with its own status and content type, outside the envelope ({@code sys/metrics}). */
    public static VaultResponse text(int status, String contentType, String body) {
        VaultResponse r = new VaultResponse(null, null, false);
        r.rawStatus = status;
        r.rawText = body;
        r.rawContentType = contentType;
        return r;
    }

    /** The text body of a {@link #text} answer, else null. */
    public String rawText() {
        return rawText;
    }

    public String rawContentType() {
        return rawContentType;
    }

    /** The {@code mount_type} member: {@code github}, {@code token}, {@code system} or the secrets engine's. */
    public VaultResponse mountType(String type) {
        this.mountType = type;
        return this;
    }

    public String mountType() {
        return mountType;
    }

    public boolean isRaw() {
        return rawStatus != 0;
    }

    public int rawStatus() {
        return rawStatus;
    }

    public static VaultResponse noContent() {
        return new VaultResponse(null, null, true);
    }

    public VaultResponse warning(String warning) {
        warnings.add(warning);
        return this;
    }

    public VaultResponse warnings(List<String> more) {
        warnings.addAll(more);
        return this;
    }

    public VaultResponse lease(String id, long duration, boolean isRenewable) {
        this.leaseId = id;
        this.leaseDuration = duration;
        this.renewable = isRenewable;
        return this;
    }

    public VaultResponse copyDataToTop() {
        this.copyDataToTop = true;
        return this;
    }

    /** A 204, unless warnings turned it into a 200 with a body. */
    public boolean isNoContent() {
        return noContent && warnings.isEmpty();
    }

    public JsonObject data() {
        return data;
    }

    public JsonObject auth() {
        return auth;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public String leaseId() {
        return leaseId;
    }

    public long leaseDuration() {
        return leaseDuration;
    }

    public boolean renewable() {
        return renewable;
    }

    public boolean copiesDataToTop() {
        return copyDataToTop;
    }
}
