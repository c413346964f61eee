package dev.tokenbroker.platform.control;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

/**
 * Builds the public keys JWS verification uses from their raw parts, and says why a key from elsewhere (a PEM block,
 * a certificate) is unusable. The checks go beyond the JDK's: RSA keys of at least {@link #MIN_RSA_BITS} bits, EC
 * points on one of the three curves, Ed25519 points that decode (RFC 8032 §5.1.3).
 */
final class PublicKeys {

    static final int MIN_RSA_BITS = 2048;
    static final int ED25519_KEY_BYTES = 32;
    private static final BigInteger ED25519_P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger ED25519_D = ED25519_P.subtract(BigInteger.valueOf(121665))
            .multiply(BigInteger.valueOf(121666).modInverse(ED25519_P)).mod(ED25519_P);

    private PublicKeys() {
    }

    static RSAPublicKey rsa(BigInteger modulus, BigInteger exponent) throws GeneralSecurityException {
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(modulus, exponent));
        return checked(key);
    }

    static ECPublicKey ec(EcCurve curve, BigInteger x, BigInteger y) throws GeneralSecurityException {
        ECPoint point = new ECPoint(x, y);
        if (!curve.contains(point)) {
            throw new InvalidKeySpecException("the EC point is not on " + curve.jwkName());
        }
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve.spec()));
    }

    /** From the 32-byte RFC 8032 encoding: y little-endian, the top bit of the last byte saying whether x is odd. */
    static EdECPublicKey ed25519(byte[] encoded) throws GeneralSecurityException {
        if (encoded.length != ED25519_KEY_BYTES) {
            throw new InvalidKeySpecException("an Ed25519 key is " + ED25519_KEY_BYTES + " bytes");
        }
        byte[] bigEndian = new byte[ED25519_KEY_BYTES];
        for (int i = 0; i < ED25519_KEY_BYTES; i++) {
            bigEndian[i] = encoded[ED25519_KEY_BYTES - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
        if (!onEd25519(point)) {
            throw new InvalidKeySpecException("the Ed25519 point does not decode");
        }
        return (EdECPublicKey) KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    }

    /** The key itself when a JWS algorithm the broker accepts can use it. */
    static <K extends PublicKey> K checked(K key) throws InvalidKeySpecException {
        Optional<String> problem = problem(key);
        if (problem.isPresent()) {
            throw new InvalidKeySpecException(problem.get());
        }
        return key;
    }

    /** Why no JWS algorithm the broker accepts can use this key; empty when one can. */
    static Optional<String> problem(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                return Optional.of("the RSA key is shorter than " + MIN_RSA_BITS + " bits");
            }
            return rsa.getPublicExponent().signum() > 0 ? Optional.empty()
                    : Optional.of("the RSA key's exponent is not positive");
        }
        if (key instanceof ECPublicKey ec) {
            Optional<EcCurve> curve = EcCurve.of(ec.getParams());
            if (curve.isEmpty()) {
                return Optional.of("the EC key is not on P-256, P-384 or P-521");
            }
            return curve.get().contains(ec.getW()) ? Optional.empty()
                    : Optional.of("the EC key's point is not on its curve");
        }
        if (key instanceof EdECPublicKey ed) {
            if (!NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName())) {
                return Optional.of("the EdDSA key is not an Ed25519 key");
            }
            return onEd25519(ed.getPoint()) ? Optional.empty() : Optional.of("the Ed25519 point does not decode");
        }
        return Optional.of("the key is not an RSA, EC or Ed25519 key");
    }

    /** RFC 8032 §5.1.3: y below p, and x² = (y² − 1) / (d·y² + 1) has a root of the stated parity. */
    private static boolean onEd25519(EdECPoint point) {
        BigInteger p = ED25519_P;
        BigInteger y = point.getY();
        if (y.signum() < 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger y2 = y.multiply(y).mod(p);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(p);
        BigInteger v = ED25519_D.multiply(y2).add(BigInteger.ONE).mod(p);
        BigInteger x2 = u.multiply(v.modInverse(p)).mod(p);
        if (x2.signum() == 0) {
            return !point.isXOdd();
        }
        return x2.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
    }
}
