package dev.tokenbroker.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake GitHub Actions OIDC issuer (github-api.md §1, actions-exchange.md §3 and §11): serves
 * {@code /.well-known/jwks} and {@code /.well-known/openid-configuration} on 127.0.0.1 and signs workflow tokens
 * shaped like GitHub's. Defaults give token T of §11.0; the builder bends them for the negative cases A3–A14.
 * <p>
 * Fidelity rules: every custom claim is a JSON string (ids included), {@code exp}/{@code iat}/{@code nbf} are
 * numbers, {@code nbf} is back-dated 600 s, and there is never a {@code groups} claim. Tokens carry {@code jti} and
 * the header {@code typ: JWT} and {@code kid}, which Payara's MP-JWT insists on. Thread-safe.
 */
public final class TestOidcIssuer implements AutoCloseable {

    /** The time this fake lives in: the system's, or a {@link ShiftedClock} shared with the broker under test. */
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();

    /** Lives in {@code clock}'s time from now on, as the broker does when a test shifts it too. */
    public void useClock(java.time.Clock clock) {
        this.clock = clock;
    }

    public static final String JWKS_PATH = "/.well-known/jwks";
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger KEY_COUNTER = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String issuer;
    private final RSAKey foreignKey = newKey();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile RSAKey signingKey = newKey();
    private volatile int jwksMaxAgeSeconds = 300;
    private volatile boolean jwksAvailable = true;

    private TestOidcIssuer(String fixedIssuer, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "test-oidc-issuer");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        issuer = fixedIssuer != null ? fixedIssuer : baseUrl();
    }

    /** Starts on a free port; the issuer is {@code http://127.0.0.1:PORT}. */
    public static TestOidcIssuer start() {
        return start(null);
    }

    /**
     * Starts on a free port with a fixed issuer string, e.g. {@code https://token.actions.githubusercontent.com}.
     * The issuer is only compared, never fetched, so it need not point here.
     */
    public static TestOidcIssuer start(String issuer) {
        return start(issuer, 0);
    }

    /** Starts on this loopback port (0: a free one) with a fixed issuer string. */
    public static TestOidcIssuer start(String issuer, int port) {
        try {
            return new TestOidcIssuer(issuer, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The value for {@code mp.jwt.verify.issuer}. */
    public String issuer() {
        return issuer;
    }

    /** The value for {@code mp.jwt.verify.publickey.location}. */
    public String jwksUrl() {
        return baseUrl() + JWKS_PATH;
    }

    public String discoveryUrl() {
        return baseUrl() + DISCOVERY_PATH;
    }

    /** {@code Cache-Control: max-age} of the JWKS response (default 300; A14 uses 2). */
    public void setJwksMaxAgeSeconds(int seconds) {
        jwksMaxAgeSeconds = seconds;
    }

    /** {@code false}: the JWKS endpoint answers 503 (A13). */
    public void setJwksAvailable(boolean available) {
        jwksAvailable = available;
    }

    /** Requests made to the JWKS endpoint so far, 503 answers included. */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** The {@code kid} currently signing and published. */
    public String currentKid() {
        return signingKey.getKeyID();
    }

    /** Replaces the signing key with a new one under a new {@code kid}; the old key leaves the JWKS. */
    public synchronized String rotateKey() {
        signingKey = newKey();
        return signingKey.getKeyID();
    }

    /** A key (with its own kid) that is never published: tokens signed with it must fail (A3). */
    public RSAKey foreignKey() {
        return foreignKey;
    }

    /** The published key set, public parts only. */
    public JWKSet publicJwks() {
        return new JWKSet(signingKey.toPublicJWK());
    }

    public TokenBuilder token() {
        return new TokenBuilder();
    }

    /** Token T of actions-exchange.md §11.0. */
    public String tokenT() {
        return token().build();
    }

    /** Token T-imm: T with the immutable subject. */
    public String tokenTImm() {
        return token().immutableSub().build();
    }

    /** Fluent builder for one workflow token; defaults are token T. Not thread-safe. */
    public final class TokenBuilder {

        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Instant now = clock.instant();
        private RSAKey key = signingKey;
        private String kid = key.getKeyID();
        private String algorithm = "RS256";

        private TokenBuilder() {
            String sha = "3b9d5f1c7e2a4b6d8f0a1c3e5b7d9f1a2c4e6b8d";
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("sub", "repo:octocat/playground:ref:refs/heads/main");
            claims.put("aud", "broker.example.org");
            claims.put("ref", "refs/heads/main");
            claims.put("sha", sha);
            claims.put("repository", "octocat/playground");
            claims.put("repository_owner", "octocat");
            claims.put("repository_owner_id", "583231");
            claims.put("run_id", "1234");
            claims.put("run_number", "5");
            claims.put("run_attempt", "1");
            claims.put("repository_visibility", "private");
            claims.put("repository_id", "1234567");
            claims.put("actor_id", "1");
            claims.put("actor", "octocat");
            claims.put("workflow", "build");
            claims.put("head_ref", "");
            claims.put("base_ref", "");
            claims.put("event_name", "push");
            claims.put("ref_type", "branch");
            claims.put("workflow_ref", "octocat/playground/.github/workflows/build.yml@refs/heads/main");
            claims.put("workflow_sha", sha);
            claims.put("job_workflow_ref", "octocat/playground/.github/workflows/build.yml@refs/heads/main");
            claims.put("job_workflow_sha", sha);
            claims.put("runner_environment", "github-hosted");
            claims.put("iss", issuer);
            claims.put("nbf", now.minusSeconds(600).getEpochSecond());
            claims.put("exp", now.plusSeconds(300).getEpochSecond());
            claims.put("iat", now.getEpochSecond());
        }

        /** Sets or replaces a claim: String, Number, Boolean, List, or an Instant (written as epoch seconds). */
        public TokenBuilder claim(String name, Object value) {
            Objects.requireNonNull(value, "use without(name) to drop a claim");
            claims.put(name, value instanceof Instant instant ? instant.getEpochSecond() : value);
            return this;
        }

        /** Removes a claim, e.g. {@code exp}, {@code jti}, {@code repository_id}. */
        public TokenBuilder without(String name) {
            claims.remove(name);
            return this;
        }

        /** One value gives a JSON string, several a JSON array. */
        public TokenBuilder audience(String... audiences) {
            if (audiences.length == 0) {
                throw new IllegalArgumentException("use without(\"aud\") for no audience");
            }
            return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
        }

        public TokenBuilder issuer(String iss) {
            return claim("iss", iss);
        }

        /** {@code exp} = build-time now + lifetime; negative for an expired token (A4: -120 s). */
        public TokenBuilder expiresIn(Duration lifetime) {
            return claim("exp", now.plus(lifetime));
        }

        public TokenBuilder issuedAt(Instant iat) {
            return claim("iat", iat);
        }

        public TokenBuilder notBefore(Instant nbf) {
            return claim("nbf", nbf);
        }

        public TokenBuilder subject(String sub) {
            return claim("sub", sub);
        }

        /** Sets the {@code environment} claim only; {@code sub} is left alone (see {@link #immutableSub()}). */
        public TokenBuilder environment(String environment) {
            return claim("environment", environment);
        }

        /**
         * Sets {@code ref}, {@code ref_type} ({@code tag} for {@code refs/tags/…}, else {@code branch}, as GitHub
         * also says for {@code refs/pull/N/merge}) and the {@code @…} part of both workflow refs. {@code sub} and
         * {@code event_name} are left alone.
         */
        public TokenBuilder refs(String ref) {
            claim("ref", ref);
            claim("ref_type", ref.startsWith("refs/tags/") ? "tag" : "branch");
            for (String name : List.of("workflow_ref", "job_workflow_ref")) {
                if (claims.get(name) instanceof String current) {
                    int at = current.lastIndexOf('@');
                    claim(name, (at < 0 ? current : current.substring(0, at)) + "@" + ref);
                }
            }
            return this;
        }

        /**
         * {@code sub} = {@code repo:OWNER@OWNER_ID/NAME@REPO_ID:<context>} from the current claims, the context
         * chosen as in github-api.md §1.3: {@code environment:NAME} (':' escaped as %3A) if an environment is set,
         * else {@code pull_request} for a pull_request event, else {@code ref:<ref>}.
         */
        public TokenBuilder immutableSub() {
            String owner = (String) claims.get("repository_owner");
            String name = ((String) claims.get("repository")).substring(owner.length() + 1);
            String context;
            if (claims.get("environment") instanceof String env) {
                context = "environment:" + env.replace(":", "%3A");
            } else if ("pull_request".equals(claims.get("event_name"))) {
                context = "pull_request";
            } else {
                context = "ref:" + claims.get("ref");
            }
            return subject("repo:" + owner + "@" + claims.get("repository_owner_id") + "/" + name + "@"
                    + claims.get("repository_id") + ":" + context);
        }

        /** Signs with this key, its kid in the header (use {@link #foreignKey()} for an unknown key). */
        public TokenBuilder signedWith(RSAKey rsaKey) {
            key = rsaKey;
            kid = rsaKey.getKeyID();
            return this;
        }

        /** Overrides the header {@code kid} (null: no kid), e.g. the published kid on a foreign signature. */
        public TokenBuilder keyId(String keyId) {
            kid = keyId;
            return this;
        }

        /** {@code RS256} (default), {@code HS256} (random secret) or {@code none} (unsecured), for A10. */
        public TokenBuilder algorithm(String alg) {
            if (!List.of("RS256", "HS256", "none").contains(alg)) {
                throw new IllegalArgumentException("unsupported alg " + alg);
            }
            algorithm = alg;
            return this;
        }

        /** The compact serialization. */
        public String build() {
            Payload payload = new Payload(new LinkedHashMap<>(claims));
            if (algorithm.equals("none")) {
                String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
                return Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                        + Base64URL.encode(payload.toString().getBytes(StandardCharsets.UTF_8)) + ".";
            }
            boolean hmac = algorithm.equals("HS256");
            JWSHeader header = new JWSHeader.Builder(hmac ? JWSAlgorithm.HS256 : JWSAlgorithm.RS256)
                    .type(JOSEObjectType.JWT).keyID(kid).build();
            JWSObject jws = new JWSObject(header, payload);
            try {
                if (hmac) {
                    byte[] secret = new byte[32];
                    RANDOM.nextBytes(secret);
                    jws.sign(new MACSigner(secret));
                } else {
                    jws.sign(new RSASSASigner(key));
                }
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jws.serialize();
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID("test-oidc-" + KEY_COUNTER.incrementAndGet() + "-" + UUID.randomUUID())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(JWKS_PATH) && !path.equals(DISCOVERY_PATH)) {
                send(exchange, 404, "{\"message\":\"Not Found\"}");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "{\"message\":\"Method Not Allowed\"}");
            } else if (path.equals(DISCOVERY_PATH)) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("issuer", issuer);
                doc.put("jwks_uri", jwksUrl());
                doc.put("subject_types_supported", List.of("public", "pairwise"));
                doc.put("response_types_supported", List.of("id_token"));
                doc.put("scopes_supported", List.of("openid"));
                doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
                send(exchange, 200, JSONObjectUtils.toJSONString(doc));
            } else {
                jwksFetches.incrementAndGet();
                if (!jwksAvailable) {
                    send(exchange, 503, "{\"message\":\"JWKS unavailable\"}");
                } else {
                    exchange.getResponseHeaders().set("Cache-Control", "max-age=" + jwksMaxAgeSeconds);
                    send(exchange, 200, publicJwks().toString());
                }
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public String toString() {
        return "TestOidcIssuer" + Arrays.asList(issuer, jwksUrl(), currentKid());
    }
}
