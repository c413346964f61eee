package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;

import jakarta.json.JsonObject;

import dev.tokenbroker.testsupport.TestJws;

/**
 * Every JWS algorithm against JDK-made signatures, keys of every other kind, damaged signatures and input, and
 * against nimbus-jose-jwt: its signatures and JWKs for RS, PS and ES, RFC 8037's example for EdDSA (nimbus signs
 * Ed25519 only with Google Tink, which the build does not carry).
 */
class JwsAlgorithmTest {

    private static final String INPUT = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJyZXBvOm9jdG9jYXQvcGxheWdyb3VuZCJ9";

    // ------------------------------------------------------------------------------------------------ names

    @Test
    void theTenAlgorithmsOfVaultAreNamedExactly() {
        assertThat(Arrays.stream(JwsAlgorithm.values()).map(Enum::name)).containsExactly("RS256", "RS384", "RS512",
                "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            assertThat(JwsAlgorithm.named(alg.name())).contains(alg);
        }
        for (String other : Arrays.asList("none", "HS256", "rs256", "RS256 ", "EDDSA", "Ed25519", "Ed448", "ES256K", "",
                null)) {
            assertThat(JwsAlgorithm.named(other)).as(String.valueOf(other)).isEmpty();
        }
    }

    @Test
    void eachAlgorithmNamesItsJdkSignatureAndItsKind() {
        assertThat(JwsAlgorithm.RS384.jdkName()).isEqualTo("SHA384withRSA");
        assertThat(JwsAlgorithm.PS512.jdkName()).isEqualTo("RSASSA-PSS");
        assertThat(JwsAlgorithm.ES256.jdkName()).isEqualTo("SHA256withECDSAinP1363Format");
        assertThat(JwsAlgorithm.EdDSA.jdkName()).isEqualTo("Ed25519");
        assertThat(JwsAlgorithm.RS256.keyType()).isEqualTo("RSA");
        assertThat(JwsAlgorithm.PS256.keyType()).isEqualTo("RSA");
        assertThat(JwsAlgorithm.PS256.curve()).isEmpty();
        assertThat(JwsAlgorithm.ES256.keyType()).isEqualTo("EC");
        assertThat(JwsAlgorithm.ES256.curve()).contains("P-256");
        assertThat(JwsAlgorithm.ES384.curve()).contains("P-384");
        assertThat(JwsAlgorithm.ES512.curve()).contains("P-521");
        assertThat(JwsAlgorithm.EdDSA.keyType()).isEqualTo("OKP");
        assertThat(JwsAlgorithm.EdDSA.curve()).contains("Ed25519");
    }

    // ------------------------------------------------------------------------------------------------ JDK signatures

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void aSignatureOfTheAlgorithmVerifies(JwsAlgorithm alg) {
        KeyPair pair = TestJws.keyPair(alg);
        byte[] signature = TestJws.sign(alg, pair.getPrivate(), INPUT);
        assertThat(alg.fits(pair.getPublic())).isTrue();
        assertThat(alg.verify(pair.getPublic(), INPUT, signature)).isTrue();
        assertThat(alg.verify(pair.getPublic(), INPUT.getBytes(StandardCharsets.US_ASCII), signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void tamperedInputFails(JwsAlgorithm alg) {
        KeyPair pair = TestJws.keyPair(alg);
        byte[] signature = TestJws.sign(alg, pair.getPrivate(), INPUT);
        int dot = INPUT.indexOf('.');
        for (String tampered : List.of(INPUT + "x", INPUT.substring(0, INPUT.length() - 1), INPUT.replace('.', '_'),
                INPUT.substring(0, dot) + ".e30", "e30" + INPUT.substring(dot), "", INPUT.substring(0, 10) + "A"
                        + INPUT.substring(11))) {
            assertThat(alg.verify(pair.getPublic(), tampered, signature)).as(tampered).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void damagedSignaturesFail(JwsAlgorithm alg) {
        KeyPair pair = TestJws.keyPair(alg);
        byte[] signature = TestJws.sign(alg, pair.getPrivate(), INPUT);
        int n = signature.length;
        List<byte[]> damaged = List.of(Arrays.copyOf(signature, n - 1), Arrays.copyOf(signature, n / 2),
                Arrays.copyOf(signature, n + 1), Arrays.copyOfRange(signature, 1, n), new byte[0], new byte[n],
                flip(signature, 0), flip(signature, n / 2), flip(signature, n - 1));
        for (byte[] bad : damaged) {
            assertThat(alg.verify(pair.getPublic(), INPUT, bad)).as(alg + " with " + bad.length + " bytes").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void randomSignaturesOfAnyLengthFailWithoutAnException(JwsAlgorithm alg) {
        PublicKey key = TestJws.keyPair(alg).getPublic();
        SecureRandom random = new SecureRandom(new byte[] {42});
        for (int i = 0; i < 50; i++) {
            byte[] bytes = new byte[i % 2 == 0 ? random.nextInt(600) : signatureLength(alg, key)];
            random.nextBytes(bytes);
            assertThat(alg.verify(key, INPUT, bytes)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void aKeyOfAnotherTypeOrCurveNeitherFitsNorVerifies(JwsAlgorithm alg) {
        for (JwsAlgorithm other : JwsAlgorithm.values()) {
            KeyPair pair = TestJws.keyPair(other);
            boolean sameKind = alg.keyType().equals(other.keyType()) && alg.curve().equals(other.curve());
            assertThat(alg.fits(pair.getPublic())).as(alg + " on a key for " + other).isEqualTo(sameKind);
            if (!sameKind) {
                byte[] signature = TestJws.sign(other, pair.getPrivate(), INPUT);
                assertThat(alg.verify(pair.getPublic(), INPUT, signature)).as(alg + " on " + other).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void aSignatureUnderAnotherAlgorithmOfTheSameKeyFails(JwsAlgorithm alg) {
        KeyPair pair = TestJws.keyPair(alg);
        for (JwsAlgorithm other : JwsAlgorithm.values()) {
            if (other != alg && other.fits(pair.getPublic())) {
                byte[] signature = TestJws.sign(other, pair.getPrivate(), INPUT);
                assertThat(alg.verify(pair.getPublic(), INPUT, signature)).as(other + " checked as " + alg).isFalse();
            }
        }
    }

    @Test
    void rsaKeysUnder2048BitsAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair weak = generator.generateKeyPair();
        for (JwsAlgorithm alg : List.of(JwsAlgorithm.RS256, JwsAlgorithm.RS512, JwsAlgorithm.PS256)) {
            assertThat(alg.fits(weak.getPublic())).isFalse();
            assertThat(alg.verify(weak.getPublic(), INPUT, TestJws.sign(alg, weak.getPrivate(), INPUT))).isFalse();
        }
    }

    @Test
    void ed448AndX25519KeysAreNoEdDsaKeys() throws Exception {
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        Signature signer = Signature.getInstance("Ed448");
        signer.initSign(ed448.getPrivate());
        signer.update(INPUT.getBytes(StandardCharsets.US_ASCII));
        byte[] signature = signer.sign();
        assertThat(JwsAlgorithm.EdDSA.fits(ed448.getPublic())).isFalse();
        assertThat(JwsAlgorithm.EdDSA.verify(ed448.getPublic(), INPUT, signature)).isFalse();
        PublicKey x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            assertThat(alg.fits(x25519)).isFalse();
            assertThat(alg.verify(x25519, INPUT, new byte[64])).isFalse();
        }
    }

    @Test
    void ecdsaSignaturesAreRawRAndSOfExactlyTwiceTheCoordinateLength() throws Exception {
        KeyPair pair = TestJws.keyPair(JwsAlgorithm.ES256);
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(pair.getPrivate());
        der.update(INPUT.getBytes(StandardCharsets.US_ASCII));
        assertThat(JwsAlgorithm.ES256.verify(pair.getPublic(), INPUT, der.sign())).as("DER").isFalse();
        byte[] raw = TestJws.sign(JwsAlgorithm.ES256, pair.getPrivate(), INPUT);
        assertThat(raw).hasSize(64);
        byte[] padded = new byte[66];
        System.arraycopy(raw, 0, padded, 1, 32);
        System.arraycopy(raw, 32, padded, 34, 32);
        assertThat(JwsAlgorithm.ES256.verify(pair.getPublic(), INPUT, padded)).as("R and S padded to 33 bytes").isFalse();
        byte[] zeroS = Arrays.copyOf(raw, 64);
        Arrays.fill(zeroS, 32, 64, (byte) 0);
        assertThat(JwsAlgorithm.ES256.verify(pair.getPublic(), INPUT, zeroS)).as("S = 0").isFalse();
        assertThat(TestJws.sign(JwsAlgorithm.ES384, TestJws.keyPair(JwsAlgorithm.ES384).getPrivate(), INPUT)).hasSize(96);
        assertThat(TestJws.sign(JwsAlgorithm.ES512, TestJws.keyPair(JwsAlgorithm.ES512).getPrivate(), INPUT)).hasSize(132);
    }

    @Test
    void nullsAndNonAsciiInputGiveFalse() {
        KeyPair pair = TestJws.keyPair(JwsAlgorithm.ES256);
        byte[] signature = TestJws.sign(JwsAlgorithm.ES256, pair.getPrivate(), INPUT);
        assertThat(JwsAlgorithm.ES256.verify(null, INPUT, signature)).isFalse();
        assertThat(JwsAlgorithm.ES256.verify(pair.getPublic(), (String) null, signature)).isFalse();
        assertThat(JwsAlgorithm.ES256.verify(pair.getPublic(), (byte[]) null, signature)).isFalse();
        assertThat(JwsAlgorithm.ES256.verify(pair.getPublic(), INPUT, null)).isFalse();
        assertThat(JwsAlgorithm.ES256.verify(pair.getPublic(), INPUT + "é", signature)).isFalse();
        assertThat(JwsAlgorithm.ES256.fits(null)).isFalse();
    }

    // ------------------------------------------------------------------------------------------------ nimbus-jose-jwt

    private static final Map<JwsAlgorithm, JWK> NIMBUS_KEYS = nimbusKeys();

    private static Map<JwsAlgorithm, JWK> nimbusKeys() {
        try {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID("r").generate();
            return Map.of(JwsAlgorithm.RS256, rsa, JwsAlgorithm.RS384, rsa, JwsAlgorithm.RS512, rsa,
                    JwsAlgorithm.PS256, rsa, JwsAlgorithm.PS384, rsa, JwsAlgorithm.PS512, rsa,
                    JwsAlgorithm.ES256, new ECKeyGenerator(Curve.P_256).keyID("e256").generate(),
                    JwsAlgorithm.ES384, new ECKeyGenerator(Curve.P_384).keyID("e384").generate(),
                    JwsAlgorithm.ES512, new ECKeyGenerator(Curve.P_521).keyID("e521").generate());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = JwsAlgorithm.class, names = "EdDSA", mode = EnumSource.Mode.EXCLUDE)
    void aNimbusSignatureVerifiesWithTheKeyReadFromNimbussPublicJwk(JwsAlgorithm alg) throws Exception {
        JWK jwk = NIMBUS_KEYS.get(alg);
        JWSSigner signer = jwk instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) jwk);
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.parse(alg.name())).keyID(jwk.getKeyID()).build(),
                new Payload("{\"sub\":\"repo:octocat/playground:ref:refs/heads/main\"}"));
        jws.sign(signer);
        String[] parts = jws.serialize().split("\\.");
        PublicKey key = readJwk(jwk.toPublicJWK().toJSONString()).orElseThrow().key();
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        assertThat(alg.verify(key, parts[0] + "." + parts[1], signature)).isTrue();
        assertThat(alg.verify(key, parts[0] + "." + parts[1] + "x", signature)).isFalse();
        for (JwsAlgorithm other : JwsAlgorithm.values()) {
            if (other != alg) {
                assertThat(other.verify(key, parts[0] + "." + parts[1], signature)).as(other.name()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = JwsAlgorithm.class, names = "EdDSA", mode = EnumSource.Mode.EXCLUDE)
    void nimbusVerifiesWhatTheJdkSigned(JwsAlgorithm alg) throws Exception {
        KeyPair pair = TestJws.keyPair(alg);
        JWSVerifier verifier = pair.getPublic() instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa)
                : new ECDSAVerifier((ECPublicKey) pair.getPublic());
        assertThat(JWSObject.parse(TestJws.compact(alg, "k", "{}", pair.getPrivate())).verify(verifier)).isTrue();
    }

    @Test
    void theEd25519ExampleOfRfc8037VerifiesWithItsJwk() throws Exception {
        String jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
        String input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
        byte[] signature = Base64.getUrlDecoder()
                .decode("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
        PublicKey key = readJwk(jwk).orElseThrow().key();
        assertThat(JwsAlgorithm.EdDSA.verify(key, input, signature)).isTrue();
        assertThat(JwsAlgorithm.EdDSA.verify(key, input + "x", signature)).isFalse();
        assertThat(JwsAlgorithm.EdDSA.verify(key, input, flip(signature, 63))).isFalse();
        assertThat(rawEd25519(key)).isEqualTo(OctetKeyPair.parse(jwk).getDecodedX());
    }

    @Test
    void aJdkEd25519KeyWrittenAsAJwkByNimbusVerifiesJdkSignatures() throws Exception {
        KeyPair pair = TestJws.keyPair(JwsAlgorithm.EdDSA);
        String jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawEd25519(pair.getPublic())))
                .keyID("o").build().toJSONString();
        PublicKey key = readJwk(jwk).orElseThrow().key();
        assertThat(key.getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(JwsAlgorithm.EdDSA.verify(key, INPUT, TestJws.sign(JwsAlgorithm.EdDSA, pair.getPrivate(), INPUT)))
                .isTrue();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static Optional<JsonWebKey> readJwk(String json) throws JsonText.Invalid {
        return JsonWebKey.read((JsonObject) JsonText.read(json));
    }

    /** The RFC 8032 encoding: the last 32 bytes of the SubjectPublicKeyInfo. */
    static byte[] rawEd25519(PublicKey key) {
        byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static int signatureLength(JwsAlgorithm alg, PublicKey key) {
        return key instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength() / 8
                : alg == JwsAlgorithm.EdDSA ? 64 : 2 * ((Integer.parseInt(alg.curve().orElseThrow().substring(2)) + 7) / 8);
    }
}
