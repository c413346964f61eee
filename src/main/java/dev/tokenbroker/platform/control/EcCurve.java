package dev.tokenbroker.platform.control;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Optional;

/**
 * The three NIST curves JWS uses (P-256, P-384, P-521), with the check the JDK's {@code KeyFactory} does not make:
 * that a public point lies on its curve. A point off the curve is the way into invalid-curve attacks, so every EC key
 * the broker builds or reads is checked here before use.
 */
enum EcCurve {
    P_256("P-256", "secp256r1", 32),
    P_384("P-384", "secp384r1", 48),
    P_521("P-521", "secp521r1", 66);

    private final String jwkName;
    private final int coordinateBytes;
    private final ECParameterSpec spec;

    EcCurve(String jwkName, String jdkName, int coordinateBytes) {
        this.jwkName = jwkName;
        this.coordinateBytes = coordinateBytes;
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(jdkName));
            this.spec = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks the curve " + jdkName, e);
        }
    }

    /** The name in a JWK's {@code crv}. */
    String jwkName() {
        return jwkName;
    }

    /** The length of one coordinate, and of R and S in a JWS signature. */
    int coordinateBytes() {
        return coordinateBytes;
    }

    ECParameterSpec spec() {
        return spec;
    }

    static Optional<EcCurve> named(String crv) {
        return Arrays.stream(values()).filter(c -> c.jwkName.equals(crv)).findFirst();
    }

    /** The curve these parameters describe, compared by value: explicit parameters equal to a named curve's count. */
    static Optional<EcCurve> of(ECParameterSpec parameters) {
        if (parameters == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(c -> c.spec.getCurve().equals(parameters.getCurve())
                && c.spec.getGenerator().equals(parameters.getGenerator()) && c.spec.getOrder().equals(parameters.getOrder())
                && c.spec.getCofactor() == parameters.getCofactor()).findFirst();
    }

    /** Whether the affine point satisfies y² = x³ + ax + b over this curve's field (the curves have cofactor 1). */
    boolean contains(ECPoint point) {
        if (point == null || point.equals(ECPoint.POINT_INFINITY)) {
            return false;
        }
        EllipticCurve curve = spec.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }
}
