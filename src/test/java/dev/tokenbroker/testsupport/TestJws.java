package dev.tokenbroker.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tokenbroker.platform.control.JwsAlgorithm;

/**
 * JWS signatures made with the JDK alone, for every {@link JwsAlgorithm}: key pairs (RSA 2048, the algorithm's
 * curve, Ed25519) and compact tokens. The PSS parameters and curve names are written out here rather than taken from
 * {@link JwsAlgorithm}, so that a wrong mapping there does not sign and verify alike.
 */
public final class TestJws {

    private static final Map<String, KeyPair> SHARED = new ConcurrentHashMap<>();

    private TestJws() {
    }

    /** One key pair per kind of key for the whole test run: RSA generation is slow. */
    public static KeyPair keyPair(JwsAlgorithm alg) {
        return SHARED.computeIfAbsent(kind(alg), k -> newKeyPair(alg));
    }

    public static KeyPair newKeyPair(JwsAlgorithm alg) {
        try {
            String kind = kind(alg);
            if (kind.equals("RSA")) {
                return TestKeys.rsa();
            }
            if (kind.equals("Ed25519")) {
                return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(kind));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JWS signature (R‖S for ECDSA) of {@code input} under {@code alg}. */
    public static byte[] sign(JwsAlgorithm alg, PrivateKey key, byte[] input) {
        try {
            String bits = alg.name().substring(2);
            Signature signer = switch (alg.name().substring(0, 2)) {
                case "RS" -> Signature.getInstance("SHA" + bits + "withRSA");
                case "PS" -> {
                    Signature pss = Signature.getInstance("RSASSA-PSS");
                    pss.setParameter(new PSSParameterSpec("SHA-" + bits, "MGF1", new MGF1ParameterSpec("SHA-" + bits),
                            Integer.parseInt(bits) / 8, 1));
                    yield pss;
                }
                case "ES" -> Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
                default -> Signature.getInstance("Ed25519");
            };
            signer.initSign(key);
            signer.update(input);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sign(JwsAlgorithm alg, PrivateKey key, String input) {
        return sign(alg, key, input.getBytes(StandardCharsets.US_ASCII));
    }

    /** A compact JWS with header {@code {"alg":…,"kid":…}} ({@code kid} left out when null) over {@code payloadJson}. */
    public static String compact(JwsAlgorithm alg, String kid, String payloadJson, PrivateKey key) {
        String header = "{\"alg\":\"" + alg.name() + "\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
        String input = base64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64(payloadJson.getBytes(StandardCharsets.UTF_8));
        return input + "." + base64(sign(alg, key, input));
    }

    public static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String kind(JwsAlgorithm alg) {
        return switch (alg.name().substring(0, 2)) {
            case "RS", "PS" -> "RSA";
            case "ES" -> switch (alg.name()) {
                case "ES256" -> "secp256r1";
                case "ES384" -> "secp384r1";
                default -> "secp521r1";
            };
            default -> "Ed25519";
        };
    }
}
