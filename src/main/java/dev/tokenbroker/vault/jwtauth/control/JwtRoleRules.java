package dev.tokenbroker.vault.jwtauth.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.JsonText;
import dev.tokenbroker.vault.jwtauth.entity.JwtRole;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultJson;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.token.control.TokenFieldsInput;

/**
 * {@code auth/<mount>/role/<name>} as Vault's {@code path_role.go} has it for {@code role_type} {@code jwt}: the fields
 * sent replace the stored ones (a missing {@code role_type} is {@code oidc} and a missing {@code bound_claims_type} is
 * {@code string}, as in Vault), then Vault's checks in its order and words. Only {@code jwt} roles are served. A read
 * shows Vault's fields with its JSON types ({@code null} for lists never set).
 */
public final class JwtRoleRules {

    static final int MAX_ITEMS = 100;
    static final int MAX_TEXT = 1024;
    private static final Set<String> ROLE_TYPES = Set.of("jwt", "oidc");
    private static final Set<String> CALLBACK_MODES = Set.of("client", "device");
    /** Vault's legacy names of token fields, and the fields they stand for. */
    private static final Map<String, String> LEGACY = Map.of("policies", "token_policies", "ttl", "token_ttl",
            "max_ttl", "token_max_ttl", "period", "token_period", "num_uses", "token_num_uses",
            "bound_cidrs", "token_bound_cidrs");

    private JwtRoleRules() {
    }

    /**
     * Applies a write to {@code role} (a new one or a copy of the stored one).
     *
     * @return the warnings of the write
     */
    public static List<String> apply(Fields f, JwtRole role, long systemMaxTtl) {
        String roleType = f.string("role_type").orElse("oidc");
        if (!ROLE_TYPES.contains(roleType)) {
            throw VaultException.invalid("invalid 'role_type': " + shown(roleType));
        }
        TokenFieldsInput.apply(legacyUpgraded(f), role.token());
        f.signedDuration("clock_skew_leeway").ifPresent(role::setClockSkewLeeway);
        f.signedDuration("expiration_leeway").ifPresent(role::setExpirationLeeway);
        f.signedDuration("not_before_leeway").ifPresent(role::setNotBeforeLeeway);
        f.commaList("bound_audiences").ifPresent(a -> role.setBoundAudiences(array(bounded(a, "bound_audiences"))));
        f.string("bound_subject").ifPresent(s -> role.setBoundSubject(text(s, "bound_subject")));
        f.bool("verbose_oidc_logging").ifPresent(role::setVerboseOidcLogging);
        f.duration("max_age").ifPresent(role::setMaxAge);
        String claimsType = f.string("bound_claims_type").orElse("string");
        if (!claimsType.equals("string") && !claimsType.equals("glob")) {
            throw VaultException.invalid("invalid 'bound_claims_type': " + shown(claimsType));
        }
        role.setBoundClaimsType(claimsType);
        if (f.has("bound_claims")) {
            role.setBoundClaims(boundClaims(f, claimsType.equals("glob")));
        }
        f.pairs("claim_mappings").ifPresent(m -> role.setClaimMappings(claimMappings(m)));
        f.string("user_claim").ifPresent(u -> role.setUserClaim(text(u, "user_claim")));
        if (role.getUserClaim().isEmpty()) {
            throw VaultException.invalid("a user claim must be defined on the role");
        }
        f.bool("user_claim_json_pointer").ifPresent(role::setUserClaimJsonPointer);
        f.string("groups_claim").ifPresent(g -> role.setGroupsClaim(text(g, "groups_claim")));
        f.commaList("allowed_redirect_uris").ifPresent(u -> role.setAllowedRedirectUris(array(bounded(u, "allowed_redirect_uris"))));
        f.commaList("oidc_scopes").ifPresent(s -> role.setOidcScopes(array(bounded(s, "oidc_scopes"))));
        String callbackMode = f.string("callback_mode").orElse("client");
        if (!CALLBACK_MODES.contains(callbackMode)) {
            throw VaultException.invalid("invalid 'callback_mode': " + shown(callbackMode));
        }
        role.setCallbackMode(callbackMode);
        if (roleType.equals("oidc")) {
            if (list(role.getAllowedRedirectUris()).isEmpty()) {
                throw VaultException.invalid("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.");
            }
            throw VaultException.invalid("the broker serves role_type jwt only: set 'role_type' to 'jwt'");
        }
        role.setRoleType(roleType);
        if (list(role.getBoundAudiences()).isEmpty() && role.token().boundCidrList().isEmpty()
                && role.getBoundSubject().isEmpty() && object(role.getBoundClaims()).isEmpty()) {
            throw VaultException.invalid("must have at least one bound constraint when creating/updating a role");
        }
        TokenFieldsInput.check(role.token());
        List<String> warnings = new ArrayList<>();
        if (role.token().getMaxTtl() > systemMaxTtl) {
            warnings.add("token max ttl is greater than the system or backend mount's maximum TTL value; issued "
                    + "tokens' max TTL value will be truncated");
        }
        if (role.isVerboseOidcLogging()) {
            warnings.add("verbose_oidc_logging has been enabled for this role. This is not recommended in production "
                    + "since sensitive information may be present in OIDC responses.");
        }
        return warnings;
    }

    /** What a read shows. */
    public static JsonObject view(JwtRole r) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("allowed_redirect_uris", json(r.getAllowedRedirectUris()))
                .add("bound_audiences", json(r.getBoundAudiences()))
                .add("bound_claims", json(r.getBoundClaims()))
                .add("bound_claims_type", r.getBoundClaimsType())
                .add("bound_subject", r.getBoundSubject())
                .add("callback_mode", r.getCallbackMode())
                .add("claim_mappings", json(r.getClaimMappings()))
                .add("clock_skew_leeway", r.getClockSkewLeeway())
                .add("expiration_leeway", r.getExpirationLeeway())
                .add("groups_claim", r.getGroupsClaim())
                .add("max_age", r.getMaxAge())
                .add("not_before_leeway", r.getNotBeforeLeeway())
                .add("oidc_scopes", json(r.getOidcScopes()))
                .add("role_type", r.getRoleType())
                .add("user_claim", r.getUserClaim())
                .add("user_claim_json_pointer", r.isUserClaimJsonPointer())
                .add("verbose_oidc_logging", r.isVerboseOidcLogging());
        return TokenFieldsInput.view(o, r.token()).build();
    }

    /** A stored JSON array as a list; empty when never set. */
    public static List<String> list(String jsonArray) {
        return jsonArray == null ? List.of() : JwtConfigRules.strings(jsonArray);
    }

    /** A stored JSON object; empty when never set. */
    public static JsonObject object(String jsonObject) {
        if (jsonObject == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        JsonValue value = json(jsonObject);
        return value instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** A stored JSON object of strings as a map; empty when never set. */
    public static Map<String, String> mappings(String jsonObject) {
        Map<String, String> out = new LinkedHashMap<>();
        object(jsonObject).forEach((k, v) -> out.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
        return out;
    }

    /** The fields with Vault's legacy names turned into the {@code token_*} names, the new name winning. */
    private static Fields legacyUpgraded(Fields f) {
        Map<String, JsonValue> data = new LinkedHashMap<>(f.data());
        LEGACY.forEach((old, current) -> {
            if (data.containsKey(old) && !data.containsKey(current)) {
                data.put(current, data.get(old));
            }
        });
        return new Fields(data);
    }

    private static String boundClaims(Fields f, boolean glob) {
        JsonValue value = f.data().get("bound_claims");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonObject claims)) {
            throw VaultException.invalid("Field validation failed: error converting input for field \"bound_claims\": "
                    + "expected a map");
        }
        if (claims.size() > MAX_ITEMS) {
            throw VaultException.invalid("'bound_claims' has more than " + MAX_ITEMS + " claims");
        }
        for (Map.Entry<String, JsonValue> claim : claims.entrySet()) {
            JsonValue v = claim.getValue();
            if (v instanceof JsonArray list && list.size() > MAX_ITEMS) {
                throw VaultException.invalid("'bound_claims' has a list of more than " + MAX_ITEMS + " values");
            }
            if (glob && !(v instanceof JsonString)) {
                if (!(v instanceof JsonArray list)) {
                    throw VaultException.invalid("claim is not a string or list: " + v);
                }
                for (JsonValue element : list) {
                    if (!(element instanceof JsonString)) {
                        throw VaultException.invalid("claim is not a string: " + element);
                    }
                }
            }
        }
        return claims.toString();
    }

    private static String claimMappings(Map<String, String> mappings) {
        if (mappings.size() > MAX_ITEMS) {
            throw VaultException.invalid("'claim_mappings' has more than " + MAX_ITEMS + " mappings");
        }
        Set<String> targets = new HashSet<>();
        for (Map.Entry<String, String> mapping : mappings.entrySet()) {
            String target = mapping.getValue();
            if (target.equals("role")) {
                throw VaultException.invalid("metadata key \"role\" is reserved and may not be a mapping destination");
            }
            if (!targets.add(target)) {
                throw VaultException.invalid("multiple keys are mapped to metadata key \"" + shown(target) + "\"");
            }
            text(mapping.getKey(), "claim_mappings");
            text(target, "claim_mappings");
        }
        JsonObjectBuilder o = CachedJson.createObjectBuilder();
        mappings.forEach(o::add);
        return o.build().toString();
    }

    private static List<String> bounded(List<String> values, String name) {
        List<String> out = values.stream().filter(v -> !v.isEmpty()).toList();
        if (out.size() > MAX_ITEMS) {
            throw VaultException.invalid("'" + name + "' has more than " + MAX_ITEMS + " values");
        }
        out.forEach(v -> text(v, name));
        return out;
    }

    private static String array(List<String> values) {
        return VaultJson.strings(values).build().toString();
    }

    private static String text(String value, String name) {
        if (value.length() > MAX_TEXT) {
            throw VaultException.invalid("'" + name + "' has a value longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static JsonValue json(String stored) {
        if (stored == null) {
            return JsonValue.NULL;
        }
        try {
            return JsonText.read(stored);
        } catch (JsonText.Invalid e) {
            throw new IllegalStateException("a stored JWT role setting is not JSON", e);
        }
    }

    private static String shown(String value) {
        return value.length() > 32 ? value.substring(0, 32) + "…" : value;
    }

    /** The role's bound audiences; empty when none are bound. */
    public static List<String> audiences(JwtRole role) {
        return list(role.getBoundAudiences());
    }
}
