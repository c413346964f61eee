package dev.tokenbroker.exchange.control;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.exchange.entity.RejectedTokenException;
import dev.tokenbroker.platform.control.JsonText;
import dev.tokenbroker.platform.control.JsonWebKeys;
import dev.tokenbroker.policy.entity.CallerClaims;

/**
 * Verifies a workflow's GitHub Actions OIDC token (actions-exchange.md §3.2), configured by the standard
 * MicroProfile JWT keys ({@code mp.jwt.verify.issuer}, {@code .publickey.location}, {@code .audiences},
 * {@code .clock.skew}, {@code .publickey.algorithm}) and keeping their semantics, with what the servers' MicroProfile
 * JWT implementations did not give: the same behaviour and messages on every server, keys parsed once per key-set
 * fetch rather than once per token (Payara re-parsed the JWKS for every token), a refetch on an unknown {@code kid}
 * (key rotation), and a 503 rather than a 401 while no keys could ever be obtained.
 *
 * <p>Steps, each refusing with the contract's message: compact JWS; {@code alg} RS256 only (no {@code crit});
 * {@code iss} exactly the configured issuer (no other issuer's keys are ever fetched); key by {@code kid}; RSA
 * signature; {@code aud} (string or array) contains a configured audience; the required claims; {@code exp},
 * {@code iat} and {@code nbf} within the clock skew; {@code repository} consistent with {@code repository_owner}; the
 * server-wide subject gate.
 */
@ApplicationScoped
public class WorkflowTokenVerifier {

    /** Longer than any real workflow token (about 1.2 KB) by far; longer ones are refused before decoding. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final List<String> REQUIRED = List.of("exp", "iat", "jti", "sub", "repository", "repository_owner",
            "repository_id", "repository_owner_id");
    private static final List<String> TIMES = List.of("exp", "iat");
    /** Epoch seconds beyond which a time claim is clamped (about year 5138); keeps the arithmetic in range. */
    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(100_000_000_000L);
    /** Numeric ids (GitHub sends strings) longer than 20 digits are no ids; bounds the text a number can become. */
    private static final int MAX_ID_DIGITS = 20;

    @Inject
    ExchangeSettings settings;

    @Inject
    Clock clock;

    private JsonWebKeys keys;

    @PostConstruct
    void createKeys() {
        keys = JsonWebKeys.of(settings.publicKeyLocation(), clock);
    }

    /** For tests: a verifier on a given key source. */
    WorkflowTokenVerifier(ExchangeSettings settings, Clock clock, JsonWebKeys keys) {
        this.settings = settings;
        this.clock = clock;
        this.keys = keys;
    }

    /** For CDI. */
    protected WorkflowTokenVerifier() {
    }

    /** @param authorization the request's {@code Authorization} header, possibly null */
    public CallerClaims verify(String authorization) throws RejectedTokenException {
        String token = bearerToken(authorization);
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw rejected("Invalid token: Invalid Compact JWS");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw rejected("Invalid token: Invalid Compact JWS");
        }
        JsonObject header = jsonObject(parts[0]);
        JsonObject claims = jsonObject(parts[1]);
        byte[] signature = base64(parts[2]);
        if (!"RS256".equals(text(header, "alg"))) {
            throw rejected("Invalid token: unsupported \"alg\" header value");
        }
        if (header.containsKey("crit")) {
            throw rejected("Invalid token: unsupported \"crit\" header");
        }
        if (!claims.containsKey("iss")) {
            throw rejected("Invalid token: missing required \"iss\" claim");
        }
        if (!settings.issuer().equals(text(claims, "iss"))) {
            throw rejected("Invalid token: unexpected \"iss\" claim value");
        }
        RSAPublicKey key = key(header);
        if (!signatureValid(key, parts[0] + "." + parts[1], signature)) {
            throw rejected("Invalid token: signature verification failed");
        }
        if (!claims.containsKey("aud")) {
            throw rejected("Invalid token: missing required \"aud\" claim");
        }
        if (!audienceMatches(claims.get("aud"))) {
            throw rejected("Invalid token: unexpected \"aud\" claim value");
        }
        for (String required : REQUIRED) {
            boolean present = TIMES.contains(required) ? claims.containsKey(required)
                    && claims.get(required) != JsonValue.NULL : claim(claims, required).isPresent();
            if (!present) {
                throw rejected("Invalid token: missing required \"" + required + "\" claim");
            }
        }
        checkTimes(claims);
        String repository = claim(claims, "repository").orElseThrow();
        String owner = claim(claims, "repository_owner").orElseThrow();
        int slash = repository.indexOf('/');
        if (slash <= 0 || slash == repository.length() - 1 || repository.indexOf('/', slash + 1) >= 0
                || !repository.substring(0, slash).equalsIgnoreCase(owner)) {
            throw rejected("Invalid token: inconsistent \"repository\" and \"repository_owner\" claims");
        }
        String sub = claim(claims, "sub").orElseThrow();
        if (settings.gate().isPresent() && !settings.gate().get().admits(sub)) {
            throw rejected("Invalid Token: unexpected \"sub\" claim value");
        }
        return new CallerClaims(sub, repository, claim(claims, "repository_id").orElseThrow(), owner,
                claim(claims, "repository_owner_id").orElseThrow(), claim(claims, "ref"), claim(claims, "workflow_ref"),
                claim(claims, "job_workflow_ref"), claim(claims, "environment"));
    }

    /** The token after exactly {@code "Bearer "}: the action splits on one space; other schemes are named back. */
    private static String bearerToken(String authorization) throws RejectedTokenException {
        if (authorization == null || authorization.isEmpty()) {
            throw rejected("Missing authorization header");
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        if (!scheme.equals("Bearer")) {
            String shown = scheme.length() > 32 ? scheme.substring(0, 32) + "…" : scheme;
            throw rejected("Unexpected authorization scheme " + shown.replaceAll("[^\\x21-\\x7e…]", "?"));
        }
        return space < 0 ? "" : authorization.substring(space + 1);
    }

    private RSAPublicKey key(JsonObject header) throws RejectedTokenException {
        JsonValue kid = header.get("kid");
        if (kid != null && !(kid instanceof JsonString)) {
            throw rejected("Invalid token: no applicable key found in the JSON Web Key Set");
        }
        try {
            return keys.key(kid == null ? null : ((JsonString) kid).getString())
                    .orElseThrow(() -> rejected("Invalid token: no applicable key found in the JSON Web Key Set"));
        } catch (JsonWebKeys.Unavailable e) {
            throw RejectedTokenException.keysUnavailable(Duration.ofSeconds(30));
        }
    }

    private static boolean signatureValid(RSAPublicKey key, String signingInput, byte[] signature) {
        if (signature.length != (key.getModulus().bitLength() + 7) / 8) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean audienceMatches(JsonValue aud) {
        if (aud instanceof JsonString s) {
            return settings.audiences().contains(s.getString());
        }
        if (aud instanceof JsonArray a) {
            return a.stream().anyMatch(v -> v instanceof JsonString s && settings.audiences().contains(s.getString()));
        }
        return false;
    }

    /** §3.2 step 6: {@code now - skew < exp}, {@code iat <= now + skew}, {@code nbf <= now + skew} when present. */
    private void checkTimes(JsonObject claims) throws RejectedTokenException {
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        if (!epochSeconds(claims, "exp").isAfter(now.minus(skew))) {
            throw rejected("Invalid token: \"exp\" claim timestamp check failed");
        }
        if (epochSeconds(claims, "iat").isAfter(now.plus(skew))) {
            throw rejected("Invalid token: \"iat\" claim timestamp check failed");
        }
        if (claims.containsKey("nbf") && epochSeconds(claims, "nbf").isAfter(now.plus(skew))) {
            throw rejected("Invalid token: \"nbf\" claim timestamp check failed");
        }
    }

    private static Instant epochSeconds(JsonObject claims, String name) throws RejectedTokenException {
        if (!(claims.get(name) instanceof JsonNumber n)) {
            throw rejected("Invalid token: \"" + name + "\" claim is not a number");
        }
        BigDecimal value = n.bigDecimalValue();
        return Instant.ofEpochSecond(value.max(MAX_EPOCH_SECONDS.negate()).min(MAX_EPOCH_SECONDS).longValue());
    }

    /** A claim as text: GitHub sends strings (ids too); integral numbers are accepted and written in decimal. */
    private static Optional<String> claim(JsonObject claims, String name) {
        JsonValue value = claims.get(name);
        if (value instanceof JsonString s) {
            return Optional.of(s.getString()).filter(v -> !v.isEmpty());
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().precision()
                - n.bigDecimalValue().scale() <= MAX_ID_DIGITS) {
            return Optional.of(n.bigIntegerValue().toString());
        }
        return Optional.empty();
    }

    private static String text(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static JsonObject jsonObject(String part) throws RejectedTokenException {
        try {
            if (JsonText.read(new String(base64(part), StandardCharsets.UTF_8)) instanceof JsonObject o) {
                return o;
            }
        } catch (JsonText.Invalid e) {
            // refused below
        }
        throw rejected("Invalid token: Invalid Compact JWS");
    }

    private static byte[] base64(String part) throws RejectedTokenException {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw rejected("Invalid token: Invalid Compact JWS");
        }
    }

    private static RejectedTokenException rejected(String message) {
        return RejectedTokenException.unauthorized(message);
    }
}
