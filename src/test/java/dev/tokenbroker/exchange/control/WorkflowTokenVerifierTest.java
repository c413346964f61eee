package dev.tokenbroker.exchange.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.tokenbroker.exchange.entity.RejectedTokenException;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.JsonWebKeys;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.policy.entity.CallerClaims;
import dev.tokenbroker.testsupport.MapConfig;
import dev.tokenbroker.testsupport.MutableClock;

/**
 * The workflow token checks of actions-exchange.md §3.2 with the messages of §3.5, and the key set's fetch rules:
 * one fetch serves every token, an unknown {@code kid} refetches at most once per 30 s, a failed fetch keeps the last
 * keys, and no keys at all is a 503.
 */
class WorkflowTokenVerifierTest {

    private static final String ISSUER = "https://token.actions.githubusercontent.com";
    private static final RSAKey KEY = rsa("key-1");
    private static final RSAKey OTHER = rsa("key-2");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String published = new JWKSet(KEY.toPublicJWK()).toString();
    private volatile boolean reachable = true;

    private WorkflowTokenVerifier verifier(Map<String, String> config) {
        ExchangeSettings settings = new ExchangeSettings();
        settings.settings = new Settings(new MapConfig(config), new ConfigurationProblems());
        settings.read();
        JsonWebKeys keys = new JsonWebKeys(settings.publicKeyLocation(), location -> {
            fetches.incrementAndGet();
            if (!reachable) {
                throw new java.io.IOException("connection refused");
            }
            return new JsonWebKeys.Fetched(published, Optional.empty());
        }, clock);
        return new WorkflowTokenVerifier(settings, clock, keys);
    }

    private WorkflowTokenVerifier verifier() {
        return verifier(Map.of("mp.jwt.verify.audiences", "broker.example.org,other.example.org",
                "broker.exchange.allowed-subjects", "repo:octocat/*"));
    }

    // ------------------------------------------------------------------------------------------------ accepted

    @Test
    void aGitHubShapedTokenGivesItsClaims() throws Exception {
        CallerClaims claims = verifier().verify(bearer(token(c -> { })));
        assertThat(claims.sub()).isEqualTo("repo:octocat/playground:ref:refs/heads/main");
        assertThat(claims.repository()).isEqualTo("octocat/playground");
        assertThat(claims.repositoryId()).isEqualTo("1234567");
        assertThat(claims.repositoryOwnerId()).isEqualTo("583231");
        assertThat(claims.ref()).contains("refs/heads/main");
        assertThat(claims.environment()).isEmpty();
    }

    @Test
    void numericIdsAndAnAudienceArrayAreAccepted() throws Exception {
        CallerClaims claims = verifier().verify(bearer(token(c -> {
            c.put("repository_id", 1234567);
            c.put("aud", List.of("elsewhere", "other.example.org"));
        })));
        assertThat(claims.repositoryId()).isEqualTo("1234567");
    }

    @Test
    void timesWithinTheSkewAreAccepted() throws Exception {
        Instant now = clock.instant();
        verifier().verify(bearer(token(c -> {
            c.put("exp", now.minusSeconds(59).getEpochSecond());
            c.put("iat", now.plusSeconds(60).getEpochSecond());
            c.put("nbf", now.plusSeconds(60).getEpochSecond());
        })));
    }

    // ------------------------------------------------------------------------------------------------ refused

    @Test
    void credentialsThatAreNoBearerJwsAreRefusedWithTheContractsWords() {
        WorkflowTokenVerifier v = verifier();
        String valid = token(c -> { });
        assertRejected(v, null, "Missing authorization header");
        assertRejected(v, "", "Missing authorization header");
        assertRejected(v, "Basic abc", "Unexpected authorization scheme Basic");
        assertRejected(v, "bearer " + valid, "Unexpected authorization scheme bearer");
        assertRejected(v, "Bearer", "Invalid token: Invalid Compact JWS");
        assertRejected(v, "Bearer  " + valid, "Invalid token: Invalid Compact JWS");
        assertRejected(v, "Bearer a.b", "Invalid token: Invalid Compact JWS");
        assertRejected(v, "Bearer a.b.c.d", "Invalid token: Invalid Compact JWS");
        assertRejected(v, "Bearer !!.??.c", "Invalid token: Invalid Compact JWS");
        assertRejected(v, "Bearer " + b64("[1]") + "." + b64("{}") + ".c2ln", "Invalid token: Invalid Compact JWS");
        assertRejected(v, "Bearer " + valid + "x".repeat(WorkflowTokenVerifier.MAX_TOKEN_LENGTH), "Invalid token: Invalid Compact JWS");
        assertRejected(v, "X".repeat(5000) + " t", "Unexpected authorization scheme " + "X".repeat(32) + "…");
        assertThat(fetches).as("nothing fetched for tokens that are not even parsed").hasValue(0);
    }

    @Test
    void onlyRs256IsAccepted() {
        WorkflowTokenVerifier v = verifier();
        String[] parts = token(c -> { }).split("\\.");
        for (String alg : List.of("none", "HS256", "ES256", "PS256", "RS512")) {
            String header = b64("{\"alg\":\"" + alg + "\",\"kid\":\"key-1\",\"typ\":\"JWT\"}");
            assertRejected(v, "Bearer " + header + "." + parts[1] + "." + parts[2], "Invalid token: unsupported \"alg\" header value");
        }
        String crit = b64("{\"alg\":\"RS256\",\"kid\":\"key-1\",\"crit\":[\"exp\"]}");
        assertRejected(v, "Bearer " + crit + "." + parts[1] + "." + parts[2], "Invalid token: unsupported \"crit\" header");
    }

    @Test
    void anotherIssuerIsRefusedWithoutFetchingAnything() {
        WorkflowTokenVerifier v = verifier();
        assertRejected(v, bearer(token(c -> c.put("iss", "https://evil.example/"))), "Invalid token: unexpected \"iss\" claim value");
        assertRejected(v, bearer(token(c -> c.put("iss", ISSUER + "/"))), "Invalid token: unexpected \"iss\" claim value");
        assertRejected(v, bearer(token(c -> c.remove("iss"))), "Invalid token: missing required \"iss\" claim");
        assertThat(fetches).hasValue(0);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        WorkflowTokenVerifier v = verifier();
        RSAKey impostor = rsa("key-1");
        assertRejected(v, bearer(sign(impostor, claims(c -> { }))), "Invalid token: signature verification failed");
        String[] parts = token(c -> { }).split("\\.");
        String tampered = b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("octocat/playground", "octocat/otherrepo"));
        assertRejected(v, "Bearer " + parts[0] + "." + tampered + "." + parts[2], "Invalid token: signature verification failed");
        assertRejected(v, "Bearer " + parts[0] + "." + parts[1] + "." + parts[2].substring(4), "Invalid token: signature verification failed");
    }

    @Test
    void audiencesMustMatchExactly() {
        WorkflowTokenVerifier v = verifier();
        assertRejected(v, bearer(token(c -> c.put("aud", "BROKER.example.org"))), "Invalid token: unexpected \"aud\" claim value");
        assertRejected(v, bearer(token(c -> c.put("aud", List.of()))), "Invalid token: unexpected \"aud\" claim value");
        assertRejected(v, bearer(token(c -> c.put("aud", 7))), "Invalid token: unexpected \"aud\" claim value");
        assertRejected(v, bearer(token(c -> c.remove("aud"))), "Invalid token: missing required \"aud\" claim");
    }

    @Test
    void everyRequiredClaimIsRequired() {
        WorkflowTokenVerifier v = verifier();
        for (String claim : List.of("exp", "iat", "jti", "sub", "repository", "repository_owner", "repository_id",
                "repository_owner_id")) {
            assertRejected(v, bearer(token(c -> c.remove(claim))), "Invalid token: missing required \"" + claim + "\" claim");
            assertRejected(v, bearer(token(c -> c.put(claim, ""))), claim.equals("exp") || claim.equals("iat")
                    ? "Invalid token: \"" + claim + "\" claim is not a number"
                    : "Invalid token: missing required \"" + claim + "\" claim");
        }
    }

    @Test
    void aNumericIdLongerThanTwentyDigitsIsNoId() {
        assertRejected(verifier(), bearer(token(c -> c.put("repository_id", new java.math.BigInteger("1".repeat(21))))),
                "Invalid token: missing required \"repository_id\" claim");
    }

    @Test
    void timesOutsideTheSkewAreRefused() {
        WorkflowTokenVerifier v = verifier();
        Instant now = clock.instant();
        assertRejected(v, bearer(token(c -> c.put("exp", now.minusSeconds(60).getEpochSecond()))),
                "Invalid token: \"exp\" claim timestamp check failed");
        assertRejected(v, bearer(token(c -> c.put("iat", now.plusSeconds(61).getEpochSecond()))),
                "Invalid token: \"iat\" claim timestamp check failed");
        assertRejected(v, bearer(token(c -> c.put("nbf", now.plusSeconds(61).getEpochSecond()))),
                "Invalid token: \"nbf\" claim timestamp check failed");
        assertRejected(v, bearer(token(c -> c.put("exp", String.valueOf(now.plusSeconds(300).getEpochSecond())))),
                "Invalid token: \"exp\" claim is not a number");
        assertRejected(v, bearer(token(c -> c.put("exp", new java.math.BigDecimal("-1e400")))),
                "Invalid token: \"exp\" claim timestamp check failed");
    }

    @Test
    void theRepositoryMustBelongToTheOwnerAndTheGateMustAdmitTheSubject() {
        WorkflowTokenVerifier v = verifier();
        assertRejected(v, bearer(token(c -> c.put("repository", "someone/playground"))),
                "Invalid token: inconsistent \"repository\" and \"repository_owner\" claims");
        assertRejected(v, bearer(token(c -> c.put("repository", "octocat/a/b"))),
                "Invalid token: inconsistent \"repository\" and \"repository_owner\" claims");
        assertRejected(v, bearer(token(c -> c.put("sub", "repo:evil/x:ref:refs/heads/main"))),
                "Invalid Token: unexpected \"sub\" claim value");
    }

    // ------------------------------------------------------------------------------------------------ keys

    @Test
    void oneFetchServesEveryTokenUntilTheSetsAge() throws Exception {
        WorkflowTokenVerifier v = verifier();
        for (int i = 0; i < 50; i++) {
            v.verify(bearer(token(c -> { })));
        }
        assertThat(fetches).hasValue(1);
        clock.advance(Duration.ofMinutes(5));
        v.verify(bearer(token(c -> { })));
        assertThat(fetches).as("refetched after the default age of 5 min").hasValue(2);
    }

    @Test
    void anUnknownKidRefetchesAtMostOncePer30Seconds() throws Exception {
        WorkflowTokenVerifier v = verifier();
        v.verify(bearer(token(c -> { })));
        for (int i = 0; i < 20; i++) {
            assertRejected(v, bearer(sign(OTHER, claims(c -> { }))), "Invalid token: no applicable key found in the JSON Web Key Set");
        }
        assertThat(fetches).as("made-up kids cannot make the broker fetch per request").hasValue(1);
        published = new JWKSet(List.of(KEY.toPublicJWK(), OTHER.toPublicJWK())).toString();
        clock.advance(Duration.ofSeconds(30));
        assertThat(v.verify(bearer(sign(OTHER, claims(c -> { })))).sub()).as("a rotated key is picked up").isNotEmpty();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailedFetchKeepsTheLastKeysAndNoKeysAtAllIs503() throws Exception {
        WorkflowTokenVerifier v = verifier();
        reachable = false;
        assertThatThrownBy(() -> v.verify(bearer(token(c -> { })))).isInstanceOfSatisfying(RejectedTokenException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).isEqualTo("Unable to obtain OIDC signing keys; retry later");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        });
        assertThatThrownBy(() -> v.verify(bearer(token(c -> { })))).isInstanceOf(RejectedTokenException.class);
        assertThat(fetches).as("no second attempt within 30 s").hasValue(1);
        reachable = true;
        clock.advance(Duration.ofSeconds(30));
        v.verify(bearer(token(c -> { })));
        reachable = false;
        clock.advance(Duration.ofMinutes(20));
        v.verify(bearer(token(c -> { })));
        assertThat(fetches).as("the refetch failed, the last keys served").hasValue(3);
    }

    @Test
    void unusableKeysAreLeftOutOfTheSet() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        RSAKey small = new RSAKey.Builder((java.security.interfaces.RSAPublicKey) generator.generateKeyPair().getPublic())
                .keyID("key-1").build();
        published = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"key-1\",\"use\":\"enc\",\"n\":\"" + KEY.getModulus() + "\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"key-1\",\"alg\":\"RS512\",\"n\":\"" + KEY.getModulus() + "\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"key-1\",\"n\":\"" + small.getModulus() + "\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"key-1\",\"n\":\"AQAB\",\"e\":\"AQAB\"},{\"kty\":\"EC\",\"kid\":\"key-1\"},7]}";
        assertThatThrownBy(() -> verifier().verify(bearer(token(c -> { })))).isInstanceOfSatisfying(RejectedTokenException.class,
                e -> assertThat(e.status()).as("no usable key at all: as if none were published").isEqualTo(503));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void assertRejected(WorkflowTokenVerifier v, String authorization, String message) {
        assertThatThrownBy(() -> v.verify(authorization)).as(message).isInstanceOfSatisfying(RejectedTokenException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private Map<String, Object> claims(Consumer<Map<String, Object>> change) {
        Instant now = clock.instant();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("jti", "8c1f0d2e");
        c.put("sub", "repo:octocat/playground:ref:refs/heads/main");
        c.put("aud", "broker.example.org");
        c.put("ref", "refs/heads/main");
        c.put("repository", "octocat/playground");
        c.put("repository_owner", "octocat");
        c.put("repository_owner_id", "583231");
        c.put("repository_id", "1234567");
        c.put("workflow_ref", "octocat/playground/.github/workflows/build.yml@refs/heads/main");
        c.put("iss", ISSUER);
        c.put("nbf", now.minusSeconds(600).getEpochSecond());
        c.put("exp", now.plusSeconds(300).getEpochSecond());
        c.put("iat", now.getEpochSecond());
        change.accept(c);
        return c;
    }

    private String token(Consumer<Map<String, Object>> change) {
        return sign(KEY, claims(change));
    }

    private static String sign(RSAKey key, Map<String, Object> claims) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), new Payload(claims));
            jws.sign(new RSASSASigner(key));
            return jws.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
