package dev.tokenbroker.platform.control;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * One public signing key of a JSON Web Key Set (RFC 7517, RFC 7518 §6, RFC 8037 §2).
 *
 * @param kid the JWK's {@code kid}, or {@code ""} without one
 * @param alg the one algorithm the JWK's {@code alg} restricts the key to, if it names one
 */
record JsonWebKey(String kid, PublicKey key, Optional<JwsAlgorithm> alg) {

    /** Whether a token signed with this algorithm may be checked with this key. */
    boolean serves(JwsAlgorithm algorithm) {
        return alg.map(algorithm::equals).orElse(true) && algorithm.fits(key);
    }

    /**
     * The public signing key a JWK describes, if it is one the broker can use: {@code kty} RSA (at least 2048 bits),
     * EC ({@code crv} P-256, P-384 or P-521, coordinates of the curve's full length, the point on the curve) or OKP
     * ({@code crv} Ed25519); {@code use} absent or {@code sig}; {@code alg} absent or a {@link JwsAlgorithm} the key
     * fits. A JWK carrying private parts ({@code d}) is left out rather than stripped: a set publishing private keys is
     * not one to take keys from.
     */
    static Optional<JsonWebKey> read(JsonObject jwk) {
        if (jwk.containsKey("d") || jwk.containsKey("use") && text(jwk, "use").filter("sig"::equals).isEmpty()) {
            return Optional.empty();
        }
        Optional<JwsAlgorithm> alg = Optional.empty();
        if (jwk.containsKey("alg")) {
            alg = text(jwk, "alg").flatMap(JwsAlgorithm::named);
            if (alg.isEmpty()) {
                return Optional.empty();
            }
        }
        try {
            PublicKey key = switch (text(jwk, "kty").orElse("")) {
                case "RSA" -> PublicKeys.rsa(unsigned(jwk, "n"), unsigned(jwk, "e"));
                case "EC" -> ec(jwk);
                case "OKP" -> okp(jwk);
                default -> null;
            };
            if (key == null || alg.isPresent() && !alg.get().fits(key)) {
                return Optional.empty();
            }
            String kid = jwk.get("kid") instanceof JsonString s ? s.getString() : "";
            return Optional.of(new JsonWebKey(kid, key, alg));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PublicKey ec(JsonObject jwk) throws GeneralSecurityException {
        Optional<EcCurve> curve = text(jwk, "crv").flatMap(EcCurve::named);
        if (curve.isEmpty()) {
            return null;
        }
        byte[] x = bytes(jwk, "x");
        byte[] y = bytes(jwk, "y");
        int length = curve.get().coordinateBytes();
        if (x.length != length || y.length != length) {
            throw new IllegalArgumentException("an EC coordinate is not " + length + " bytes long");
        }
        return PublicKeys.ec(curve.get(), new BigInteger(1, x), new BigInteger(1, y));
    }

    private static PublicKey okp(JsonObject jwk) throws GeneralSecurityException {
        return text(jwk, "crv").filter("Ed25519"::equals).isPresent() ? PublicKeys.ed25519(bytes(jwk, "x")) : null;
    }

    private static BigInteger unsigned(JsonObject jwk, String name) {
        return new BigInteger(1, bytes(jwk, name));
    }

    /** A base64url member; absent, not a string or not base64url is an {@link IllegalArgumentException}. */
    private static byte[] bytes(JsonObject jwk, String name) {
        return Base64.getUrlDecoder().decode(text(jwk, name)
                .orElseThrow(() -> new IllegalArgumentException("no \"" + name + "\"")));
    }

    private static Optional<String> text(JsonObject jwk, String name) {
        return jwk.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }
}
