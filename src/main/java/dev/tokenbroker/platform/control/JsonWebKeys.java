package dev.tokenbroker.platform.control;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The RSA signing keys of one JSON Web Key Set URL, fetched and parsed once per refresh, never per token.
 * <ul>
 * <li>A fetched set is used for its {@code Cache-Control: max-age}, bounded to {@link #MIN_AGE}–{@link #MAX_AGE}
 * ({@link #DEFAULT_AGE} without one), then fetched again by the next lookup.</li>
 * <li>An unknown {@code kid} refetches at once (a key rotation), but at most once per {@link #MIN_AGE}: a stream of
 * tokens with made-up {@code kid}s cannot make the broker fetch per request.</li>
 * <li>When a fetch fails the last keys keep serving, and the fetch is tried again at most once per
 * {@link #MIN_AGE}. Before any set was obtained, lookups throw {@link Unavailable}.</li>
 * <li>The URL is the configured one only (no redirects followed, no {@code jku}); the answer is capped at
 * {@link #MAX_BYTES} and read with {@link JsonText}'s limits; keys that are not RSA signing keys of at least 2048 bits
 * are left out.</li>
 * </ul>
 * One fetch runs at a time; lookups that have keys never wait for it.
 */
public final class JsonWebKeys {

    private static final Logger LOG = LogLines.logger(JsonWebKeys.class);
    static final Duration MIN_AGE = Duration.ofSeconds(30);
    static final Duration DEFAULT_AGE = Duration.ofMinutes(5);
    static final Duration MAX_AGE = Duration.ofMinutes(10);
    static final int MAX_BYTES = 256 * 1024;
    private static final Pattern MAX_AGE_DIRECTIVE = Pattern.compile("(?i)(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,9})");

    /** No key set has been obtained yet (the URL is unreachable or answers no usable set). */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** What a fetch returns: the body and how long it may be used. */
    public interface Source {
        Fetched fetch(URI location) throws IOException;
    }

    public record Fetched(String body, Optional<Duration> maxAge) {
    }

    private record KeySet(Map<String, RSAPublicKey> byKid, Instant fetchedAt, Instant expiresAt) {
    }

    private final URI location;
    private final Source source;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile KeySet keys;
    private volatile Instant lastAttempt = Instant.MIN;

    public JsonWebKeys(URI location, Source source, Clock clock) {
        this.location = location;
        this.source = source;
        this.clock = clock;
    }

    /** Over HTTP(S) without following redirects, or from a {@code file:} URL. */
    public static JsonWebKeys of(URI location, Clock clock) {
        return new JsonWebKeys(location, httpOrFile(), clock);
    }

    /**
     * The key for a token's {@code kid}; a token without {@code kid} gets the set's only key, if it has exactly one.
     * Empty when the set (after the refetch an unknown {@code kid} allows) has no such key.
     */
    public Optional<RSAPublicKey> key(String kid) throws Unavailable {
        KeySet current = keys;
        Instant now = clock.instant();
        if (current == null) {
            current = refresh(now, true);
        } else if (!now.isBefore(current.expiresAt())) {
            current = refresh(now, false);
        }
        Optional<RSAPublicKey> found = find(current, kid);
        if (found.isEmpty() && !now.isBefore(lastAttempt.plus(MIN_AGE))) {
            found = find(refresh(now, true), kid);
        }
        return found;
    }

    private static Optional<RSAPublicKey> find(KeySet set, String kid) {
        if (kid == null) {
            return set.byKid().size() == 1 ? set.byKid().values().stream().findFirst() : Optional.empty();
        }
        return Optional.ofNullable(set.byKid().get(kid));
    }

    /**
     * Fetches the set, unless the last attempt (this thread's, or the one it waited for) is younger than
     * {@link #MIN_AGE}. Without {@code wait}, a thread that has keys does not wait for another thread's fetch.
     */
    private KeySet refresh(Instant now, boolean wait) throws Unavailable {
        boolean locked = wait || keys == null ? lockInterruptibly() : fetching.tryLock();
        if (!locked) {
            return keys;
        }
        try {
            KeySet current = keys;
            if (lastAttempt.isAfter(now.minus(MIN_AGE))) {
                return orUnavailable(current, "the last attempt was less than " + MIN_AGE.toSeconds() + " s ago");
            }
            lastAttempt = now;
            try {
                Fetched fetched = source.fetch(location);
                Map<String, RSAPublicKey> parsed = parse(fetched.body());
                if (parsed.isEmpty()) {
                    throw new IOException("the set has no RSA signing key of at least 2048 bits");
                }
                Duration age = fetched.maxAge().map(JsonWebKeys::bounded).orElse(DEFAULT_AGE);
                KeySet fresh = new KeySet(parsed, now, now.plus(age));
                keys = fresh;
                return fresh;
            } catch (IOException | RuntimeException e) {
                LOG.warning("could not fetch the signing keys from " + location + ": " + e.getMessage()
                        + (current != null ? "; the keys fetched at " + current.fetchedAt() + " keep serving" : ""));
                return orUnavailable(current, e.getMessage());
            }
        } finally {
            fetching.unlock();
        }
    }

    private static Duration bounded(Duration age) {
        return age.compareTo(MIN_AGE) < 0 ? MIN_AGE : age.compareTo(MAX_AGE) > 0 ? MAX_AGE : age;
    }

    private boolean lockInterruptibly() throws Unavailable {
        try {
            fetching.lockInterruptibly();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for the signing keys");
        }
    }

    private KeySet orUnavailable(KeySet current, String why) throws Unavailable {
        if (current == null) {
            throw new Unavailable("no signing keys could be obtained from " + location + " (" + why + ")");
        }
        return current;
    }

    /** The RSA signing keys of a JWKS document, by {@code kid}; keys of other types or uses are left out. */
    static Map<String, RSAPublicKey> parse(String body) throws IOException {
        JsonValue document;
        try {
            document = JsonText.read(body);
        } catch (JsonText.Invalid e) {
            throw new IOException("the answer is not a JSON Web Key Set: " + e.getMessage());
        }
        if (!(document instanceof JsonObject set) || !(set.get("keys") instanceof jakarta.json.JsonArray list)) {
            throw new IOException("the answer is not a JSON Web Key Set (no \"keys\" array)");
        }
        Map<String, RSAPublicKey> byKid = new LinkedHashMap<>();
        for (JsonValue entry : list) {
            if (!(entry instanceof JsonObject jwk) || !"RSA".equals(text(jwk, "kty"))) {
                continue;
            }
            String use = text(jwk, "use");
            String alg = text(jwk, "alg");
            if (use != null && !use.equals("sig") || alg != null && !alg.equals("RS256")) {
                continue;
            }
            rsaKey(jwk).ifPresent(key -> byKid.putIfAbsent(Optional.ofNullable(text(jwk, "kid")).orElse(""), key));
        }
        return byKid;
    }

    private static Optional<RSAPublicKey> rsaKey(JsonObject jwk) {
        try {
            BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, "n")));
            BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, "e")));
            if (modulus.bitLength() < 2048 || exponent.signum() <= 0) {
                return Optional.empty();
            }
            return Optional.of((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    static Optional<Duration> maxAge(Optional<String> cacheControl) {
        return cacheControl.flatMap(value -> {
            if (value.toLowerCase(java.util.Locale.ROOT).contains("no-store")
                    || value.toLowerCase(java.util.Locale.ROOT).contains("no-cache")) {
                return Optional.of(Duration.ZERO);
            }
            Matcher m = MAX_AGE_DIRECTIVE.matcher(value);
            return m.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1)))) : Optional.empty();
        });
    }

    private static Source httpOrFile() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return location -> {
            if ("file".equalsIgnoreCase(location.getScheme())) {
                Path file = Path.of(location);
                if (Files.size(file) > MAX_BYTES) {
                    throw new IOException("the file is larger than " + MAX_BYTES + " bytes");
                }
                return new Fetched(Files.readString(file), Optional.empty());
            }
            HttpRequest request = HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                    if (response.statusCode() != 200) {
                        throw new IOException("HTTP " + response.statusCode());
                    }
                    if (bytes.length > MAX_BYTES) {
                        throw new IOException("the answer is larger than " + MAX_BYTES + " bytes");
                    }
                    return new Fetched(new String(bytes, StandardCharsets.UTF_8),
                            maxAge(response.headers().firstValue("Cache-Control")));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        };
    }
}
