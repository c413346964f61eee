package dev.tokenbroker.vault.jwtauth.control;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.JsonText;
import dev.tokenbroker.platform.control.JwsAlgorithm;
import dev.tokenbroker.vault.jwtauth.entity.JwtRole;

/**
 * A JWT login's checks after the role is known (Vault's {@code path_login.go} with {@code cap/jwt}), pure: the
 * signature by one of the mount's keys, the algorithm allowed, {@code iss}, {@code sub} and {@code aud} against the
 * role's bounds, the times with the role's leeways, an {@code aud} no role bound, the user claim, the claims mapped
 * to metadata, the groups claim's shape, and {@code bound_claims}. Every failure is an {@link IllegalArgumentException}
 * with Vault's words (a 400); none repeats the token.
 */
public final class JwtValidator {

    /** Vault's default leeways: 0 in a role means these, a negative value means none. */
    static final long DEFAULT_CLOCK_SKEW = 60;
    static final long DEFAULT_EXPIRATION_LEEWAY = 150;
    static final long DEFAULT_NOT_BEFORE_LEEWAY = 150;
    /** Far longer than any OIDC token (GitHub's are about 1.2 KB); longer ones are refused before decoding. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** A token without {@code kid} is tried with at most this many keys: a huge key set cannot cost a verification each. */
    static final int MAX_KEYS_TRIED = 16;
    /** An entity alias (the user claim) longer than this names nobody the broker should keep. */
    static final int MAX_ALIAS_LENGTH = 512;

    /** Where the mount's keys come from. */
    public interface Keys {
        /** The keys that may have signed a token with this {@code kid} and algorithm (all that fit when it is null). */
        List<PublicKey> candidates(String kid, JwsAlgorithm algorithm) throws KeysUnavailable;

        /** Vault's words when no key verified the signature. */
        String noKeyMessage();
    }

    /** The keys could not be obtained (the issuer's JWKS or discovery document did not answer). */
    public static final class KeysUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public KeysUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** What a valid token yields: the alias (the user claim's value), the metadata, and the claims. */
    public record Verified(String alias, Map<String, String> metadata, JsonObject claims) {
    }

    private JwtValidator() {
    }

    /**
     * @param allowedAlgorithms the config's {@code jwt_supported_algs}; empty allows all that Vault allows
     * @param boundIssuer the config's {@code bound_issuer}; empty checks no issuer
     */
    public static Verified validate(String jwt, Keys keys, List<String> allowedAlgorithms, String boundIssuer,
                                    JwtRole role, JsonObject boundClaims, Map<String, String> claimMappings,
                                    List<String> boundAudiences, Instant now) {
        String[] parts = jwt.length() > MAX_TOKEN_LENGTH ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw signature("oidc: malformed jwt: compact JWS format must have three parts");
        }
        JsonObject header = object(parts[0], "header");
        JsonObject claims = object(parts[1], "payload");
        byte[] signature = base64(parts[2], "signature");
        if (header.containsKey("crit")) {
            throw signature("oidc: malformed jwt: unsupported critical header");
        }
        Optional<JwsAlgorithm> algorithm = header.get("alg") instanceof JsonString alg
                ? JwsAlgorithm.named(alg.getString()) : Optional.empty();
        String kid = header.get("kid") instanceof JsonString k ? k.getString() : null;
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        List<PublicKey> candidates = List.of();
        if (algorithm.isPresent()) {
            try {
                candidates = keys.candidates(kid, algorithm.get());
            } catch (KeysUnavailable e) {
                throw signature(e.getMessage());
            }
        }
        boolean verified = candidates.stream().limit(MAX_KEYS_TRIED)
                .anyMatch(key -> algorithm.get().verify(key, signingInput, signature));
        if (!verified) {
            throw signature(keys.noKeyMessage());
        }
        if (!allowedAlgorithms.isEmpty() && !allowedAlgorithms.contains(algorithm.get().name())) {
            throw invalid("invalid algorithm (alg) header parameter: token signed with unexpected algorithm");
        }
        if (!boundIssuer.isEmpty() && !(claims.get("iss") instanceof JsonString iss && iss.getString().equals(boundIssuer))) {
            throw invalid("invalid issuer (iss) claim");
        }
        if (!role.getBoundSubject().isEmpty()
                && !(claims.get("sub") instanceof JsonString sub && sub.getString().equals(role.getBoundSubject()))) {
            throw invalid("invalid subject (sub) claim");
        }
        List<String> audiences = audiences(claims.get("aud"));
        if (!boundAudiences.isEmpty() && audiences.stream().noneMatch(boundAudiences::contains)) {
            throw invalid("invalid audience (aud) claim: audience claim does not match any expected audience");
        }
        checkTimes(claims, role, now);
        if (boundAudiences.isEmpty() && !audiences.isEmpty()) {
            throw new IllegalArgumentException("audience claim found in JWT but no audiences bound to the role");
        }
        String alias = alias(claims, role);
        Map<String, String> metadata = metadata(claims, claimMappings);
        checkGroups(claims, role.getGroupsClaim());
        if (boundClaims != null && !boundClaims.isEmpty()) {
            try {
                BoundClaims.check(claims, boundClaims, role.getBoundClaimsType().equals("glob"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("error validating claims: " + e.getMessage());
            }
        }
        return new Verified(alias, metadata, claims);
    }

    /** go-jose's time rules with Vault's leeways: the leeways for a missing {@code exp} or {@code nbf}, then the skew. */
    private static void checkTimes(JsonObject claims, JwtRole role, Instant now) {
        long iat = seconds(claims, "iat");
        long nbf = seconds(claims, "nbf");
        long exp = seconds(claims, "exp");
        if (iat == 0 && nbf == 0 && exp == 0) {
            throw invalid("no issued at (iat), not before (nbf), or expiration time (exp) claims in token");
        }
        long skew = leeway(role.getClockSkewLeeway(), DEFAULT_CLOCK_SKEW);
        if (exp == 0) {
            exp = Math.max(iat, nbf) + leeway(role.getExpirationLeeway(), DEFAULT_EXPIRATION_LEEWAY);
        }
        if (nbf == 0) {
            nbf = iat != 0 ? iat : exp - leeway(role.getNotBeforeLeeway(), DEFAULT_NOT_BEFORE_LEEWAY);
        }
        long t = now.getEpochSecond();
        if (t + skew < nbf) {
            throw invalid("invalid not before (nbf) claim: token not yet valid");
        }
        if (t - skew > exp) {
            throw invalid("invalid expiration time (exp) claim: token is expired");
        }
        if (iat != 0 && t + skew < iat) {
            throw invalid("invalid issued at (iat) claim: token issued in the future");
        }
    }

    private static long leeway(long configured, long byDefault) {
        return configured == 0 ? byDefault : Math.max(0, configured);
    }

    /** A time claim in whole seconds, 0 when absent; out-of-range values are clamped (about ±3,000 years). */
    private static long seconds(JsonObject claims, String name) {
        JsonValue value = claims.get(name);
        if (value == null || value == JsonValue.NULL) {
            return 0;
        }
        if (!(value instanceof JsonNumber n)) {
            throw invalid("json: cannot unmarshal " + value.getValueType().name().toLowerCase(java.util.Locale.ROOT)
                    + " into Go struct field Claims." + name + " of type jwt.NumericDate");
        }
        double d = n.doubleValue();
        return (long) Math.max(-1e11, Math.min(1e11, d));
    }

    private static List<String> audiences(JsonValue aud) {
        if (aud instanceof JsonString s) {
            return s.getString().isEmpty() ? List.of() : List.of(s.getString());
        }
        if (aud instanceof JsonArray array) {
            return array.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString()).toList();
        }
        return List.of();
    }

    private static String alias(JsonObject claims, JwtRole role) {
        String name = role.getUserClaim();
        JsonValue value = role.isUserClaimJsonPointer() ? BoundClaims.claim(claims, name).orElse(null) : claims.get(name);
        if (value == null || value == JsonValue.NULL) {
            throw new IllegalArgumentException("claim \"" + name + "\" not found in token");
        }
        if (!(value instanceof JsonString s)) {
            throw new IllegalArgumentException("claim \"" + name + "\" could not be converted to string");
        }
        if (s.getString().isEmpty() || s.getString().length() > MAX_ALIAS_LENGTH) {
            throw new IllegalArgumentException("claim \"" + name + "\" must be 1 to " + MAX_ALIAS_LENGTH + " characters");
        }
        return s.getString();
    }

    /** {@code claim_mappings}: each claim present becomes a metadata value; a missing one is skipped, as Vault does. */
    private static Map<String, String> metadata(JsonObject claims, Map<String, String> mappings) {
        Map<String, String> out = new LinkedHashMap<>();
        mappings.forEach((source, target) -> {
            Optional<JsonValue> value = BoundClaims.claim(claims, source);
            if (value.isEmpty()) {
                return;
            }
            if (value.get() instanceof JsonString s) {
                out.put(target, s.getString());
            } else if (value.get() instanceof JsonNumber n) {
                out.put(target, BoundClaims.numberText(n));
            } else if (value.get() == JsonValue.TRUE || value.get() == JsonValue.FALSE) {
                out.put(target, value.get().toString());
            } else {
                throw new IllegalArgumentException("error converting claim '" + source + "' to string");
            }
        });
        return out;
    }

    /** The groups claim's shape, as Vault checks it (the broker has no identity groups to put them in). */
    private static void checkGroups(JsonObject claims, String groupsClaim) {
        if (groupsClaim.isEmpty()) {
            return;
        }
        JsonValue value = BoundClaims.claim(claims, groupsClaim).orElseThrow(() -> new IllegalArgumentException(
                "failed to fetch groups: \"" + groupsClaim + "\" claim not found in token"));
        if (value instanceof JsonString) {
            return;
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("\"" + groupsClaim + "\" claim could not be converted to string list");
        }
        for (JsonValue element : array) {
            if (!(element instanceof JsonString)) {
                throw new IllegalArgumentException("value " + element + " in groups claim could not be parsed as string");
            }
        }
    }

    private static JsonObject object(String part, String what) {
        try {
            if (JsonText.read(new String(base64(part, what), StandardCharsets.UTF_8)) instanceof JsonObject o) {
                return o;
            }
        } catch (JsonText.Invalid e) {
            // reported below
        }
        throw signature("oidc: malformed jwt: failed to unmarshal JWT " + what);
    }

    private static byte[] base64(String part, String what) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw signature("oidc: malformed jwt: illegal base64 data in the " + what);
        }
    }

    private static IllegalArgumentException signature(String detail) {
        return invalid("error verifying token signature: " + detail);
    }

    private static IllegalArgumentException invalid(String detail) {
        return new IllegalArgumentException("error validating token: " + detail);
    }

    /** The algorithms Vault accepts at a JWT login. */
    public static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512",
            "PS256", "PS384", "PS512", "EdDSA");
}
