package dev.tokenbroker.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import dev.tokenbroker.github.control.PrivateKeyParser;

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

    /** PKCS#1 PEM (label {@code RSA PRIVATE KEY}), as GitHub hands out App keys. */
    public static String pkcs1Pem(KeyPair keys) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(keys.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!out.toString().startsWith(PrivateKeyParser.header(PrivateKeyParser.PKCS1_LABEL))) {
            throw new IllegalStateException("BouncyCastle did not write PKCS#1");
        }
        return out.toString();
    }

    /** PKCS#8 PEM (label {@code PRIVATE KEY}). */
    public static String pkcs8Pem(KeyPair keys) {
        return PrivateKeyParser.block(PrivateKeyParser.PKCS8_LABEL,
                Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded()));
    }
}
