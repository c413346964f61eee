package dev.tokenbroker.platform.control;

import static dev.tokenbroker.platform.control.JwsAlgorithmTest.readJwk;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import dev.tokenbroker.testsupport.TestJws;

/** Which JWKs give a key (RFC 7517/7518/8037), and that EC and Ed25519 points are checked before any use. */
class JsonWebKeyTest {

    private static final ECPublicKey P256 = (ECPublicKey) TestJws.keyPair(JwsAlgorithm.ES256).getPublic();

    @ParameterizedTest
    @EnumSource(value = JwsAlgorithm.class, names = {"RS256", "ES256", "ES384", "ES512", "EdDSA"})
    void eachKindOfKeyIsReadAsTheKeyItDescribes(JwsAlgorithm alg) throws Exception {
        PublicKey original = TestJws.keyPair(alg).getPublic();
        JsonWebKey read = readJwk(jwk(original, "\"kid\":\"k1\",\"use\":\"sig\"")).orElseThrow();
        assertThat(read.kid()).isEqualTo("k1");
        assertThat(read.alg()).isEmpty();
        assertThat(read.key().getEncoded()).isEqualTo(original.getEncoded());
        assertThat(read.serves(alg)).isTrue();
    }

    @Test
    void aJwkAlgRestrictsTheKeyToThatAlgorithm() throws Exception {
        PublicKey rsa = TestJws.keyPair(JwsAlgorithm.RS256).getPublic();
        JsonWebKey free = readJwk(jwk(rsa, "")).orElseThrow();
        assertThat(Arrays.stream(JwsAlgorithm.values()).filter(free::serves)).containsExactly(JwsAlgorithm.RS256,
                JwsAlgorithm.RS384, JwsAlgorithm.RS512, JwsAlgorithm.PS256, JwsAlgorithm.PS384, JwsAlgorithm.PS512);
        JsonWebKey ps384 = readJwk(jwk(rsa, "\"alg\":\"PS384\"")).orElseThrow();
        assertThat(ps384.alg()).contains(JwsAlgorithm.PS384);
        assertThat(Arrays.stream(JwsAlgorithm.values()).filter(ps384::serves)).containsExactly(JwsAlgorithm.PS384);
        JsonWebKey es256 = readJwk(jwk(P256, "\"alg\":\"ES256\"")).orElseThrow();
        assertThat(Arrays.stream(JwsAlgorithm.values()).filter(es256::serves)).containsExactly(JwsAlgorithm.ES256);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"use\":\"enc\"", "\"use\":5", "\"use\":null", "\"alg\":\"ES256K\"", "\"alg\":\"HS256\"",
        "\"alg\":\"none\"", "\"alg\":\"RS256\"", "\"alg\":\"ES384\"", "\"alg\":[\"ES256\"]", "\"d\":\"AAAA\""})
    void aJwkForAnotherUseOrAlgorithmOrWithPrivatePartsIsLeftOut(String member) throws Exception {
        assertThat(readJwk(jwk(P256, member))).isEmpty();
    }

    @Test
    void privateJwksAsNimbusWritesThemAreLeftOut() throws Exception {
        RSAKey rsa = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).generate();
        ECKey ec = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).generate();
        String okp = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
        for (String json : List.of(rsa.toJSONString(), ec.toJSONString(), okp)) {
            assertThat(readJwk(json)).as(json.substring(0, 20)).isEmpty();
        }
        assertThat(readJwk(rsa.toPublicJWK().toJSONString())).isPresent();
        assertThat(readJwk(ec.toPublicJWK().toJSONString())).isPresent();
    }

    @Test
    void unknownKeyTypesAndCurvesAreLeftOut() throws Exception {
        String x = TestJws.base64(new byte[32]);
        for (String json : List.of("{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", "{\"n\":\"AQAB\",\"e\":\"AQAB\"}",
                "{\"kty\":\"rsa\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
                "{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"" + x + "\",\"y\":\"" + x + "\"}",
                "{\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + x + "\"}",
                "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + x + "\"}",
                "{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"" + TestJws.base64(new byte[57]) + "\"}")) {
            assertThat(readJwk(json)).as(json).isEmpty();
        }
    }

    @Test
    void rsaKeysUnder2048BitsOrWithoutAnExponentAreLeftOut() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        assertThat(readJwk(jwk(generator.generateKeyPair().getPublic(), ""))).isEmpty();
        RSAPublicKey rsa = (RSAPublicKey) TestJws.keyPair(JwsAlgorithm.RS256).getPublic();
        assertThat(readJwk("{\"kty\":\"RSA\",\"n\":\"" + unsigned(rsa.getModulus()) + "\"}")).isEmpty();
        assertThat(readJwk("{\"kty\":\"RSA\",\"n\":\"" + unsigned(rsa.getModulus()) + "\",\"e\":\"AA\"}")).isEmpty();
        assertThat(readJwk("{\"kty\":\"RSA\",\"n\":\"" + unsigned(rsa.getModulus()) + "\",\"e\":\"A+/B\"}"))
                .as("base64, not base64url").isEmpty();
    }

    @Test
    void theKidIsTheJwksStringOrEmpty() throws Exception {
        assertThat(readJwk(jwk(P256, "")).orElseThrow().kid()).isEmpty();
        assertThat(readJwk(jwk(P256, "\"kid\":7")).orElseThrow().kid()).isEmpty();
        assertThat(readJwk(jwk(P256, "\"kid\":\"a b\"")).orElseThrow().kid()).isEqualTo("a b");
    }

    // ------------------------------------------------------------------------------------------------ EC points

    @Test
    void anEcPointOffItsCurveIsLeftOut() throws Exception {
        BigInteger x = P256.getW().getAffineX();
        BigInteger y = P256.getW().getAffineY();
        BigInteger p = ((ECFieldFp) P256.getParams().getCurve().getField()).getP();
        assertThat(readJwk(ec("P-256", x, y, 32))).isPresent();
        assertThat(readJwk(ec("P-256", x, p.subtract(y), 32))).as("the point's negation is on the curve").isPresent();
        assertThat(readJwk(ec("P-256", x, y.add(BigInteger.ONE).mod(p), 32))).as("y + 1").isEmpty();
        assertThat(readJwk(ec("P-256", BigInteger.ZERO, BigInteger.ZERO, 32))).as("(0, 0)").isEmpty();
        assertThat(readJwk(ec("P-256", p, y, 32))).as("x = p").isEmpty();
        assertThat(readJwk(ec("P-384", x, y, 48))).as("a P-256 point called P-384").isEmpty();
        ECPublicKey p384 = (ECPublicKey) TestJws.keyPair(JwsAlgorithm.ES384).getPublic();
        assertThat(readJwk(ec("P-521", p384.getW().getAffineX(), p384.getW().getAffineY(), 66))).isEmpty();
    }

    @Test
    void ecCoordinatesMustHaveTheCurvesFullLength() throws Exception {
        ECPublicKey key = P256;
        while (fixed(key.getW().getAffineX(), 32)[0] != 0) {
            key = (ECPublicKey) TestJws.newKeyPair(JwsAlgorithm.ES256).getPublic();
        }
        BigInteger x = key.getW().getAffineX();
        BigInteger y = key.getW().getAffineY();
        assertThat(readJwk(ec("P-256", x, y, 32))).isPresent();
        String shortX = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + TestJws.base64(fixed(x, 31)) + "\",\"y\":\""
                + TestJws.base64(fixed(y, 32)) + "\"}";
        assertThat(readJwk(shortX)).as("x without its leading zero byte").isEmpty();
        assertThat(readJwk(ec("P-256", x, y, 33))).as("a leading zero byte too many").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ Ed25519 points

    @ParameterizedTest
    @ValueSource(strings = {
        // y = 2 has no x: (y² − 1) / (d·y² + 1) is not a square
        "0200000000000000000000000000000000000000000000000000000000000000",
        // y = 2²⁵⁵ − 1 is not below p
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        // y = 1 gives x = 0, which cannot be odd
        "0100000000000000000000000000000000000000000000000000000000000080",
        // 31 and 33 bytes
        "11111111111111111111111111111111111111111111111111111111111111",
        "111111111111111111111111111111111111111111111111111111111111111111"})
    void anEd25519KeyThatDoesNotDecodeIsLeftOut(String hex) throws Exception {
        String x = TestJws.base64(HexFormat.of().parseHex(hex));
        assertThat(readJwk("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The public JWK of a JDK key, with extra members ({@code "a":1,"b":2}) when not empty. */
    static String jwk(PublicKey key, String members) {
        String extra = members.isEmpty() ? "" : "," + members;
        if (key instanceof RSAPublicKey rsa) {
            return "{\"kty\":\"RSA\",\"n\":\"" + unsigned(rsa.getModulus()) + "\",\"e\":\""
                    + unsigned(rsa.getPublicExponent()) + "\"" + extra + "}";
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            String crv = bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521";
            String json = ec(crv, ec.getW().getAffineX(), ec.getW().getAffineY(), (bits + 7) / 8);
            return json.substring(0, json.length() - 1) + extra + "}";
        }
        if (key instanceof EdECPublicKey) {
            return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + TestJws.base64(JwsAlgorithmTest.rawEd25519(key))
                    + "\"" + extra + "}";
        }
        throw new IllegalArgumentException(key.getAlgorithm());
    }

    static String ec(String crv, BigInteger x, BigInteger y, int length) {
        return "{\"kty\":\"EC\",\"crv\":\"" + crv + "\",\"x\":\"" + TestJws.base64(fixed(x, length)) + "\",\"y\":\""
                + TestJws.base64(fixed(y, length)) + "\"}";
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return TestJws.base64(bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }

    /** Big-endian, left-padded with zeros (or cut from the left) to exactly {@code length} bytes. */
    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - n, out, length - n, n);
        return out;
    }
}
