package dev.tokenbroker.platform.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * The JWS {@code alg} values Vault's JWT auth method accepts (RFC 7518 §3, RFC 8037 for EdDSA), each bound to the JDK
 * signature that checks it and the one kind of key it takes. {@link #name()} is the {@code alg} value.
 *
 * <p>{@link #verify} never throws: a key of another type, another curve or an RSA key under 2048 bits, a signature of
 * the wrong length, anything the JDK refuses, all give {@code false}. The token's {@code alg} chooses the algorithm
 * and the key must fit it; a key never makes an algorithm of another family apply. PS algorithms use MGF1 with their
 * own hash and a salt as long as the hash (RFC 7518 §3.5).
 */
public enum JwsAlgorithm {
    RS256(Family.RSA, "SHA256withRSA", "SHA-256", 32, null),
    RS384(Family.RSA, "SHA384withRSA", "SHA-384", 48, null),
    RS512(Family.RSA, "SHA512withRSA", "SHA-512", 64, null),
    PS256(Family.RSA_PSS, "RSASSA-PSS", "SHA-256", 32, null),
    PS384(Family.RSA_PSS, "RSASSA-PSS", "SHA-384", 48, null),
    PS512(Family.RSA_PSS, "RSASSA-PSS", "SHA-512", 64, null),
    ES256(Family.EC, "SHA256withECDSAinP1363Format", "SHA-256", 32, EcCurve.P_256),
    ES384(Family.EC, "SHA384withECDSAinP1363Format", "SHA-384", 48, EcCurve.P_384),
    ES512(Family.EC, "SHA512withECDSAinP1363Format", "SHA-512", 64, EcCurve.P_521),
    /** Ed25519 only, as in Vault; Ed448 keys do not fit. */
    EdDSA(Family.OKP, "Ed25519", null, 0, null);

    /** The JWK {@code kty} each family of algorithms takes. */
    private enum Family {
        RSA("RSA"), RSA_PSS("RSA"), EC("EC"), OKP("OKP");

        private final String kty;

        Family(String kty) {
            this.kty = kty;
        }
    }

    private static final int ED25519_SIGNATURE_BYTES = 64;

    private final Family family;
    private final String jdkName;
    private final String hash;
    private final int hashBytes;
    private final EcCurve curve;

    JwsAlgorithm(Family family, String jdkName, String hash, int hashBytes, EcCurve curve) {
        this.family = family;
        this.jdkName = jdkName;
        this.hash = hash;
        this.hashBytes = hashBytes;
        this.curve = curve;
    }

    /** The algorithm with exactly this {@code alg} value (case matters, as in RFC 7515). */
    public static Optional<JwsAlgorithm> named(String alg) {
        return Arrays.stream(values()).filter(a -> a.name().equals(alg)).findFirst();
    }

    /** The name for {@link Signature#getInstance(String)}; the PS algorithms add their {@link PSSParameterSpec}. */
    public String jdkName() {
        return jdkName;
    }

    /** The JWK {@code kty} of the keys this algorithm takes: {@code RSA}, {@code EC} or {@code OKP}. */
    public String keyType() {
        return family.kty;
    }

    /** The JWK {@code crv} the key must be on ({@code P-256}, {@code P-384}, {@code P-521}, {@code Ed25519}); empty for RSA. */
    public Optional<String> curve() {
        return switch (family) {
            case EC -> Optional.of(curve.jwkName());
            case OKP -> Optional.of(NamedParameterSpec.ED25519.getName());
            default -> Optional.empty();
        };
    }

    /**
     * Whether this algorithm can use the key: an RSA key of at least 2048 bits, an EC key on this algorithm's curve, an
     * Ed25519 key. Only the type, curve and size are looked at; keys from {@link JsonWebKeys} and {@link PublicKeyPem}
     * have had their points checked too.
     */
    public boolean fits(PublicKey key) {
        return switch (family) {
            case RSA, RSA_PSS -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= PublicKeys.MIN_RSA_BITS;
            case EC -> key instanceof ECPublicKey ec && EcCurve.of(ec.getParams()).filter(curve::equals).isPresent();
            case OKP -> key instanceof EdECPublicKey ed
                    && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName());
        };
    }

    /**
     * Whether {@code signature} (the third part of a compact JWS, base64url-decoded) signs {@code signingInput} under
     * this algorithm and key. ECDSA signatures are JWS's R‖S of exactly twice the coordinate length, not DER.
     *
     * @param signingInput the ASCII bytes of {@code header.payload} as they appear in the token
     */
    public boolean verify(PublicKey key, byte[] signingInput, byte[] signature) {
        if (key == null || signingInput == null || signature == null || !fits(key)
                || signature.length != signatureLength(key)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(jdkName);
            if (family == Family.RSA_PSS) {
                verifier.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), hashBytes,
                        PSSParameterSpec.TRAILER_FIELD_BC));
            }
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** {@link #verify(PublicKey, byte[], byte[])} on the token's {@code header.payload} text; non-ASCII gives false. */
    public boolean verify(PublicKey key, String signingInput, byte[] signature) {
        if (signingInput == null || !StandardCharsets.US_ASCII.newEncoder().canEncode(signingInput)) {
            return false;
        }
        return verify(key, signingInput.getBytes(StandardCharsets.US_ASCII), signature);
    }

    private int signatureLength(PublicKey key) {
        return switch (family) {
            case RSA, RSA_PSS -> (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
            case EC -> 2 * curve.coordinateBytes();
            case OKP -> ED25519_SIGNATURE_BYTES;
        };
    }
}
