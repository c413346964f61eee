package dev.tokenbroker.platform.control;

import static dev.tokenbroker.platform.control.JsonWebKeyTest.jwk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.testsupport.MutableClock;
import dev.tokenbroker.testsupport.TestJws;

/**
 * A key set of mixed key types and {@code kid}s: which keys each kind of instance keeps, which key a token's
 * {@code kid} and {@code alg} find, and that the fetch rules hold for the new lookups as for {@link JsonWebKeys#key}.
 */
class JsonWebKeysTest {

    private static final Set<JwsAlgorithm> ALL = EnumSet.allOf(JwsAlgorithm.class);
    private static final PublicKey RSA = TestJws.keyPair(JwsAlgorithm.RS256).getPublic();
    private static final PublicKey P256 = TestJws.keyPair(JwsAlgorithm.ES256).getPublic();
    private static final PublicKey P384 = TestJws.keyPair(JwsAlgorithm.ES384).getPublic();
    private static final PublicKey P521 = TestJws.keyPair(JwsAlgorithm.ES512).getPublic();
    private static final PublicKey ED25519 = TestJws.keyPair(JwsAlgorithm.EdDSA).getPublic();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String published = set(jwk(RSA, "\"kid\":\"r\""), jwk(P256, "\"kid\":\"e256\""),
            jwk(P384, "\"kid\":\"e384\",\"alg\":\"ES384\""), jwk(P521, "\"kid\":\"e521\",\"use\":\"sig\""),
            jwk(ED25519, "\"kid\":\"o\""),
            // left out by every instance
            jwk(P256, "\"kid\":\"enc\",\"use\":\"enc\""), jwk(P256, "\"kid\":\"mismatch\",\"alg\":\"RS256\""),
            jwk(RSA, "\"kid\":\"private\",\"d\":\"AQAB\""), "{\"kid\":\"oct\",\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}",
            "{\"kid\":\"k1\",\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"AA\",\"y\":\"AA\"}", "[]", "7");

    private JsonWebKeys keys(Set<JwsAlgorithm> algorithms) {
        return new JsonWebKeys(URI.create("https://issuer.example/jwks"), this::fetch, clock, algorithms);
    }

    private JsonWebKeys.Fetched fetch(URI location) throws IOException {
        fetches.incrementAndGet();
        if (published == null) {
            throw new IOException("connection refused");
        }
        return new JsonWebKeys.Fetched(published, Optional.empty());
    }

    @Test
    void anInstanceForEveryAlgorithmKeepsEverySupportedPublicSigningKey() throws Exception {
        JsonWebKeys keys = keys(ALL);
        assertThat(keys.publicKey("r")).contains(RSA);
        assertThat(keys.publicKey("e256")).contains(P256);
        assertThat(keys.publicKey("e384")).contains(P384);
        assertThat(keys.publicKey("e521")).contains(P521);
        assertThat(keys.publicKey("o").map(PublicKey::getEncoded)).contains(ED25519.getEncoded());
        for (String kid : List.of("enc", "mismatch", "private", "oct", "k1")) {
            assertThat(keys.publicKey(kid)).as(kid).isEmpty();
        }
        assertThat(keys.key("r")).contains((java.security.interfaces.RSAPublicKey) RSA);
        assertThat(keys.key("e256")).as("key(kid) gives RSA keys only").isEmpty();
        assertThat(fetches).as("unknown kids within 30 s of the fetch do not refetch").hasValue(1);
    }

    @Test
    void theExchangesInstanceKeepsOnlyRs256KeysAsBefore() throws Exception {
        published = set(jwk(RSA, "\"kid\":\"r\""), jwk(P256, "\"kid\":\"e256\""), jwk(RSA, "\"kid\":\"r384\",\"alg\":\"RS384\""));
        JsonWebKeys keys = new JsonWebKeys(URI.create("https://issuer.example/jwks"), this::fetch, clock);
        assertThat(keys.key("r")).contains((java.security.interfaces.RSAPublicKey) RSA);
        assertThat(keys.key(null)).as("the only RS256 key").contains((java.security.interfaces.RSAPublicKey) RSA);
        assertThat(keys.key("r384")).isEmpty();
        assertThat(keys.publicKey("e256")).isEmpty();
        assertThat(keys.publicKey(null)).contains(RSA);
    }

    @Test
    void aSetWithoutAKeyForTheInstancesAlgorithmsIsAFailedFetch() throws Exception {
        published = set(jwk(P256, "\"kid\":\"e256\""), jwk(ED25519, "\"kid\":\"o\""));
        JsonWebKeys exchange = new JsonWebKeys(URI.create("https://issuer.example/jwks"), this::fetch, clock);
        assertThatThrownBy(() -> exchange.key("e256")).isInstanceOf(JsonWebKeys.Unavailable.class)
                .hasMessageContaining("no signing key usable for [RS256]");
        assertThat(keys(EnumSet.of(JwsAlgorithm.ES256)).publicKey("e256")).contains(P256);
        assertThatThrownBy(() -> keys(EnumSet.of(JwsAlgorithm.ES384)).publicKey("e256"))
                .isInstanceOf(JsonWebKeys.Unavailable.class);
        assertThatThrownBy(() -> keys(EnumSet.noneOf(JwsAlgorithm.class))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokensAlgorithmPicksAmongKeysSharingItsKid() throws Exception {
        published = set(jwk(RSA, "\"kid\":\"shared\""), jwk(P256, "\"kid\":\"shared\""),
                jwk(P384, "\"kid\":\"shared\""));
        JsonWebKeys keys = keys(ALL);
        assertThat(keys.publicKeys("shared", JwsAlgorithm.ES256)).containsExactly(P256);
        assertThat(keys.publicKeys("shared", JwsAlgorithm.ES384)).containsExactly(P384);
        assertThat(keys.publicKeys("shared", JwsAlgorithm.PS256)).containsExactly(RSA);
        assertThat(keys.publicKeys("shared", JwsAlgorithm.EdDSA)).isEmpty();
        assertThat(keys.publicKey("shared")).as("the first").contains(RSA);
        assertThat(keys.key("shared")).contains((java.security.interfaces.RSAPublicKey) RSA);
    }

    @Test
    void aJwkAlgLimitsTheAlgorithmsItsKeyServes() throws Exception {
        published = set(jwk(RSA, "\"kid\":\"r\",\"alg\":\"PS256\""));
        JsonWebKeys keys = keys(ALL);
        assertThat(keys.publicKeys("r", JwsAlgorithm.PS256)).containsExactly(RSA);
        assertThat(keys.publicKeys("r", JwsAlgorithm.RS256)).isEmpty();
        assertThat(keys.key("r")).isEmpty();
        assertThat(keys.publicKey("r")).contains(RSA);
    }

    @Test
    void aTokenWithoutKidGetsEveryKeyThatServesItsAlgorithm() throws Exception {
        PublicKey otherP256 = TestJws.newKeyPair(JwsAlgorithm.ES256).getPublic();
        published = set(jwk(RSA, "\"kid\":\"r\""), jwk(P256, "\"kid\":\"a\""), jwk(otherP256, ""),
                jwk(ED25519, "\"kid\":\"o\""));
        JsonWebKeys keys = keys(ALL);
        assertThat(keys.publicKeys(null, JwsAlgorithm.ES256)).containsExactly(P256, otherP256);
        assertThat(keys.publicKeys(null, JwsAlgorithm.RS512)).containsExactly(RSA);
        assertThat(keys.publicKeys(null, JwsAlgorithm.ES384)).isEmpty();
        assertThat(keys.publicKey(null)).as("no kid and several keys").isEmpty();
        assertThat(keys.publicKey("")).as("the key without kid").contains(otherP256);
    }

    @Test
    void lookupsByAlgorithmRefetchForAnUnknownKidAtMostOncePer30Seconds() throws Exception {
        JsonWebKeys keys = keys(ALL);
        assertThat(keys.publicKeys("e256", JwsAlgorithm.ES256)).containsExactly(P256);
        assertThat(fetches).hasValue(1);
        PublicKey rotated = TestJws.newKeyPair(JwsAlgorithm.ES256).getPublic();
        published = set(jwk(rotated, "\"kid\":\"next\""));
        clock.advance(Duration.ofSeconds(30));
        assertThat(keys.publicKeys("next", JwsAlgorithm.ES256)).containsExactly(rotated);
        assertThat(fetches).hasValue(2);
        assertThat(keys.publicKeys("unknown", JwsAlgorithm.ES256)).isEmpty();
        assertThat(keys.publicKey("unknown")).isEmpty();
        assertThat(keys.publicKeys("e256", JwsAlgorithm.ES256)).as("rotated out").isEmpty();
        assertThat(fetches).as("no refetch within 30 s").hasValue(2);
        clock.advance(Duration.ofSeconds(30));
        assertThat(keys.publicKey("unknown")).isEmpty();
        assertThat(fetches).hasValue(3);
    }

    @Test
    void aFailedFetchKeepsTheLastKeysForEveryLookup() throws Exception {
        JsonWebKeys keys = keys(ALL);
        assertThat(keys.publicKey("o")).isPresent();
        published = null;
        clock.advance(Duration.ofMinutes(6));
        assertThat(keys.publicKeys("o", JwsAlgorithm.EdDSA)).hasSize(1);
        assertThat(keys.publicKey("e521")).contains(P521);
        assertThat(fetches).hasValue(2);
        JsonWebKeys never = keys(ALL);
        assertThatThrownBy(() -> never.publicKeys("o", JwsAlgorithm.EdDSA)).isInstanceOf(JsonWebKeys.Unavailable.class);
    }

    @Test
    void parsingKeepsTheDocumentsOrderAndRefusesWhatIsNoKeySet() throws Exception {
        assertThat(JsonWebKeys.parse(published, ALL).stream().map(JsonWebKey::kid))
                .containsExactly("r", "e256", "e384", "e521", "o");
        assertThat(JsonWebKeys.parse(published, EnumSet.of(JwsAlgorithm.EdDSA, JwsAlgorithm.ES384)).stream()
                .map(JsonWebKey::kid)).containsExactly("e384", "o");
        for (String notASet : List.of("", "[]", "{}", "{\"keys\":{}}", "{\"keys\":[]", "{\"keys\":[]} x")) {
            assertThatThrownBy(() -> JsonWebKeys.parse(notASet, ALL)).as(notASet).isInstanceOf(IOException.class);
        }
        KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
        rsa1024.initialize(1024);
        assertThat(JsonWebKeys.parse(set(jwk(rsa1024.generateKeyPair().getPublic(), "")), ALL)).isEmpty();
    }

    private static String set(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }
}
