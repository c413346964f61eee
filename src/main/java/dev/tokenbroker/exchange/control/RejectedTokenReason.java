package dev.tokenbroker.exchange.control;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import dev.tokenbroker.platform.control.CachedJson;

/**
 * Says why the container's MicroProfile JWT most likely refused a token, for the 401 message the workflow shows
 * (actions-exchange.md §3.5). It reads the token's header and claims <em>without</em> trusting them: it runs only
 * after the token was already rejected, decides nothing, and never echoes the token's content.
 */
public final class RejectedTokenReason {

    private RejectedTokenReason() {
    }

    public static String of(String authorization, String issuer, List<String> audiences, Instant now, Duration skew) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "Invalid token: verification failed";
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.", -1);
        if (parts.length != 3) {
            return "Invalid token: Invalid Compact JWS";
        }
        Optional<JsonObject> header = decode(parts[0]);
        Optional<JsonObject> claims = decode(parts[1]);
        if (header.isEmpty() || claims.isEmpty()) {
            return "Invalid token: Invalid Compact JWS";
        }
        if (!(header.get().get("alg") instanceof JsonString alg) || !alg.getString().equals("RS256")) {
            return "Invalid token: unsupported \"alg\" header value";
        }
        JsonObject c = claims.get();
        for (String required : List.of("iss", "sub", "exp", "iat", "jti")) {
            if (!c.containsKey(required)) {
                return "Invalid token: missing required \"" + required + "\" claim";
            }
        }
        if (!(c.get("iss") instanceof JsonString iss) || !iss.getString().equals(issuer)) {
            return "Invalid token: unexpected \"iss\" claim value";
        }
        if (!audienceMatches(c.get("aud"), audiences)) {
            return "Invalid token: unexpected \"aud\" claim value";
        }
        if (c.get("exp") instanceof JsonNumber exp && !Instant.ofEpochSecond(exp.longValue()).isAfter(now.minus(skew))) {
            return "Invalid token: \"exp\" claim timestamp check failed";
        }
        if (c.get("iat") instanceof JsonNumber iat && Instant.ofEpochSecond(iat.longValue()).isAfter(now.plus(skew))) {
            return "Invalid token: \"iat\" claim timestamp check failed";
        }
        return "Invalid token: signature verification failed";
    }

    private static boolean audienceMatches(JsonValue aud, List<String> audiences) {
        if (aud instanceof JsonString s) {
            return audiences.contains(s.getString());
        }
        if (aud instanceof JsonArray a) {
            return a.stream().anyMatch(v -> v instanceof JsonString s && audiences.contains(s.getString()));
        }
        return false;
    }

    private static Optional<JsonObject> decode(String part) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
            return Optional.of(CachedJson.createReader(new StringReader(json)).readObject());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
