package dev.tokenbroker.platform.control;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one public key from PEM text, as Vault's {@code jwt_validation_pubkeys} holds them: a {@code PUBLIC KEY}
 * block (SubjectPublicKeyInfo) or a {@code CERTIFICATE} block whose public key is taken (no chain, validity or usage
 * check; Vault uses the key only). The key must be one a {@link JwsAlgorithm} can use: RSA of at least 2048 bits, EC
 * on P-256, P-384 or P-521 with its point on the curve, or Ed25519.
 *
 * <p>Stricter than Vault in three ways, each refusing a configuration Vault would take but not use as written: the
 * block's label must be one of the two (Vault ignores it); nothing but white space may follow the block (Vault ignores
 * the rest, so a second key pasted into the same string would silently be dropped); RSA keys under 2048 bits are
 * refused here rather than failing every login. Text before the block is ignored, as RFC 7468 allows. Error messages
 * are short and never repeat the input.
 */
public final class PublicKeyPem {

    static final String PUBLIC_KEY = "PUBLIC KEY";
    static final String CERTIFICATE = "CERTIFICATE";
    /** Far above any certificate an issuer uses, far below what would cost to decode. */
    static final int MAX_LENGTH = 64 * 1024;
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,64})-----(.*?)-----END \\1-----",
            Pattern.DOTALL);
    private static final List<String> KEY_FACTORIES = List.of("RSA", "EC", "Ed25519");

    private PublicKeyPem() {
    }

    /** @throws IllegalArgumentException with a short reason, for anything but one usable public key */
    public static PublicKey parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("no PEM block");
        }
        if (pem.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the PEM text is longer than " + MAX_LENGTH + " characters");
        }
        Matcher block = BLOCK.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException("no PEM block");
        }
        if (!pem.substring(block.end()).isBlank()) {
            throw new IllegalArgumentException("more than one PEM block, or text after the block");
        }
        String label = block.group(1);
        if (!label.equals(PUBLIC_KEY) && !label.equals(CERTIFICATE)) {
            throw new IllegalArgumentException(label.contains("PRIVATE") ? "the PEM block is a private key"
                    : label.equals("RSA PUBLIC KEY") ? "a PKCS#1 RSA PUBLIC KEY block is not read; give the PUBLIC KEY form"
                    : "the PEM block is neither a PUBLIC KEY nor a CERTIFICATE");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(block.group(2).replaceAll("[ \\t\\r\\n]+", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not valid base64");
        }
        if (der.length == 0) {
            throw new IllegalArgumentException("the PEM block is empty");
        }
        if (!oneDerSequence(der)) {
            throw new IllegalArgumentException("the PEM block is not one DER structure");
        }
        PublicKey key = label.equals(PUBLIC_KEY) ? subjectPublicKeyInfo(der) : certificateKey(der);
        Optional<String> problem = PublicKeys.problem(key);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return key;
    }

    /**
     * Whether the bytes are exactly one DER SEQUENCE: the JDK's parsers ignore bytes after it, which Go's (Vault's)
     * refuse.
     */
    private static boolean oneDerSequence(byte[] der) {
        if (der.length < 2 || der[0] != 0x30) {
            return false;
        }
        int first = der[1] & 0xff;
        if (first < 0x80) {
            return der.length == 2 + first;
        }
        int octets = first & 0x7f;
        if (octets == 0 || octets > 3 || der.length < 2 + octets) {
            return false;
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = length << 8 | der[2 + i] & 0xff;
        }
        return der.length == 2 + octets + length;
    }

    private static PublicKey subjectPublicKeyInfo(byte[] der) {
        for (String algorithm : KEY_FACTORIES) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // another algorithm, or no key at all: the next factory, then the message below
            }
        }
        throw new IllegalArgumentException("the PUBLIC KEY block is not an RSA, EC (P-256, P-384, P-521) or Ed25519 key");
    }

    private static PublicKey certificateKey(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the CERTIFICATE block is not an X.509 certificate");
        }
    }
}
