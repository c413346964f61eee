package dev.tokenbroker.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** RSA keys made at test time, written as PEM the way GitHub (PKCS#1) or OpenSSL 3 (PKCS#8) would. */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----}, as GitHub hands out App keys. */
    public static String pkcs1Pem(KeyPair keys) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(keys.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!out.toString().startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalStateException("BouncyCastle did not write PKCS#1");
        }
        return out.toString();
    }

    /** {@code -----BEGIN PRIVATE KEY-----}. */
    public static String pkcs8Pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
