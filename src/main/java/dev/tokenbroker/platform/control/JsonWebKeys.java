package dev.tokenbroker.platform.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The public signing keys of one JSON Web Key Set URL, fetched and parsed once per refresh, never per token. Which
 * keys are kept depends on the {@link JwsAlgorithm}s the instance serves: RS256 alone (the exchange) keeps RSA keys,
 * every algorithm (the JWT auth method) keeps RSA, EC and Ed25519 keys; see {@link JsonWebKey#read} for the rules.
 * <ul>
 * <li>A fetched set is used for its {@code Cache-Control: max-age}, bounded to {@link #MIN_AGE}–{@link #MAX_AGE}
 * ({@link #DEFAULT_AGE} without one), then fetched again by the next lookup.</li>
 * <li>An unknown {@code kid} refetches at once (a key rotation), but at most once per {@link #MIN_AGE}: a stream of
 * tokens with made-up {@code kid}s cannot make the broker fetch per request.</li>
 * <li>When a fetch fails the last keys keep serving, and the fetch is tried again at most once per
 * {@link #MIN_AGE}. Before any set was obtained, lookups throw {@link Unavailable}.</li>
 * <li>The URL is the configured one only (no redirects followed, no {@code jku}); the answer is capped at
 * {@link #MAX_BYTES} and read with {@link JsonText}'s limits; keys that serve none of the instance's algorithms are
 * left out, and a set left with no key counts as a failed fetch.</li>
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

    private record KeySet(List<JsonWebKey> keys, Instant fetchedAt, Instant expiresAt) {
    }

    private final URI location;
    private final Source source;
    private final Clock clock;
    private final Set<JwsAlgorithm> algorithms;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile KeySet keys;
    private volatile Instant lastAttempt = Instant.MIN;

    /** Keys for RS256 only, as the exchange needs. */
    public JsonWebKeys(URI location, Source source, Clock clock) {
        this(location, source, clock, EnumSet.of(JwsAlgorithm.RS256));
    }

    /** Keys that serve at least one of {@code algorithms}. */
    public JsonWebKeys(URI location, Source source, Clock clock, Set<JwsAlgorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("no JWS algorithm to keep keys for");
        }
        this.location = location;
        this.source = source;
        this.clock = clock;
        this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(algorithms));
    }

    /** RS256 keys over HTTP(S) without following redirects, or from a {@code file:} URL. */
    public static JsonWebKeys of(URI location, Clock clock) {
        return new JsonWebKeys(location, httpOrFile(), clock);
    }

    /** Keys for {@code algorithms} over HTTP(S) without following redirects, or from a {@code file:} URL. */
    public static JsonWebKeys of(URI location, Clock clock, Set<JwsAlgorithm> algorithms) {
        return new JsonWebKeys(location, httpOrFile(), clock, algorithms);
    }

    /**
     * The RSA key for an RS256 token's {@code kid}; a token without {@code kid} gets the set's only such key, if it
     * has exactly one. Empty when the set (after the refetch an unknown {@code kid} allows) has no such key.
     */
    public Optional<RSAPublicKey> key(String kid) throws Unavailable {
        return lookup(set -> single(set, kid, k -> k.serves(JwsAlgorithm.RS256)), Optional::isPresent)
                .map(RSAPublicKey.class::cast);
    }

    /**
     * The key with this {@code kid}, of any type (the first, should the set repeat a {@code kid}); without {@code kid}
     * the set's only key, if it has exactly one. Same fetch rules as {@link #key}.
     */
    public Optional<PublicKey> publicKey(String kid) throws Unavailable {
        return lookup(set -> single(set, kid, k -> true), Optional::isPresent);
    }

    /**
     * The keys a token signed with {@code alg} may be checked against, in the set's order: those with the token's
     * {@code kid} (normally one; RFC 7517 §4.5 lets keys of different types share a {@code kid}), or every key serving
     * {@code alg} when the token has no {@code kid} (as Vault tries them all). A key serves {@code alg} when it fits it
     * and its JWK's {@code alg}, if any, names it. Empty when none, after the refetch an unknown {@code kid} allows.
     */
    public List<PublicKey> publicKeys(String kid, JwsAlgorithm alg) throws Unavailable {
        return lookup(set -> matching(set, kid, k -> k.serves(alg)).stream().map(JsonWebKey::key).toList(),
                found -> !found.isEmpty());
    }

    /** The current set's answer, or the answer of a set fetched again (expired, or at most once per MIN_AGE if none). */
    private <T> T lookup(Function<KeySet, T> find, Predicate<T> found) throws Unavailable {
        KeySet current = keys;
        Instant now = clock.instant();
        if (current == null) {
            current = refresh(now, true);
        } else if (!now.isBefore(current.expiresAt())) {
            current = refresh(now, false);
        }
        T result = find.apply(current);
        if (!found.test(result) && !now.isBefore(lastAttempt.plus(MIN_AGE))) {
            result = find.apply(refresh(now, true));
        }
        return result;
    }

    private static List<JsonWebKey> matching(KeySet set, String kid, Predicate<JsonWebKey> wanted) {
        return set.keys().stream().filter(k -> kid == null || k.kid().equals(kid)).filter(wanted).toList();
    }

    /** The first match for a {@code kid}; without one, the match if every match has the same {@code kid}. */
    private static Optional<PublicKey> single(KeySet set, String kid, Predicate<JsonWebKey> wanted) {
        List<JsonWebKey> found = matching(set, kid, wanted);
        if (found.isEmpty() || kid == null && found.stream().map(JsonWebKey::kid).distinct().count() > 1) {
            return Optional.empty();
        }
        return Optional.of(found.get(0).key());
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
                List<JsonWebKey> parsed = parse(fetched.body(), algorithms);
                if (parsed.isEmpty()) {
                    throw new IOException("the set has no signing key usable for " + algorithms);
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

    /** The keys of a JWKS document that serve at least one of {@code algorithms}, in the document's order. */
    static List<JsonWebKey> parse(String body, Set<JwsAlgorithm> algorithms) throws IOException {
        JsonValue document;
        try {
            document = JsonText.read(body);
        } catch (JsonText.Invalid e) {
            throw new IOException("the answer is not a JSON Web Key Set: " + e.getMessage());
        }
        if (!(document instanceof JsonObject set) || !(set.get("keys") instanceof jakarta.json.JsonArray list)) {
            throw new IOException("the answer is not a JSON Web Key Set (no \"keys\" array)");
        }
        List<JsonWebKey> keys = new ArrayList<>();
        for (JsonValue entry : list) {
            if (entry instanceof JsonObject jwk) {
                JsonWebKey.read(jwk).filter(k -> algorithms.stream().anyMatch(k::serves)).ifPresent(keys::add);
            }
        }
        return keys;
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
