package dev.tokenbroker.github.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import dev.tokenbroker.platform.control.CachedJson;

/**
 * The JWT a GitHub App authenticates with: RS256, {@code iss} = App id or client id, {@code iat} 60 s in the past
 * (GitHub's advice against clock drift), {@code exp} 9 minutes ahead (GitHub allows at most 10).
 */
public record AppJwt(String value, Instant issuedAt, Instant expiresAt) {

    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);

    public static AppJwt sign(String issuer, RSAPrivateKey key, Instant now) {
        Instant iat = now.minus(BACKDATE);
        Instant exp = now.plus(LIFETIME);
        String header = CachedJson.createObjectBuilder().add("alg", "RS256").add("typ", "JWT").build().toString();
        String claims = CachedJson.createObjectBuilder()
                .add("iat", iat.getEpochSecond())
                .add("exp", exp.getEpochSecond())
                .add("iss", issuer)
                .build().toString();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return new AppJwt(signingInput + "." + b64.encodeToString(rs256.sign()), iat, exp);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the GitHub App JWT: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Reused until shortly before it expires, so that a slow call never arrives with an expired JWT. */
    public boolean usableAt(Instant now) {
        return now.isBefore(expiresAt.minus(BACKDATE));
    }

    @Override
    public String toString() {
        return "AppJwt[<redacted>, expiresAt=" + expiresAt + "]";
    }
}
