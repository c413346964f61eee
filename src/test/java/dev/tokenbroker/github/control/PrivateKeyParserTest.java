package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;

import dev.tokenbroker.testsupport.TestKeys;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateKeyParserTest {

    private static KeyPair keys;

    @BeforeAll
    static void makeKey() {
        keys = TestKeys.rsa();
    }

    @Test
    void readsPkcs1AsGitHubHandsItOut() {
        RSAPrivateKey key = PrivateKeyParser.parse(TestKeys.pkcs1Pem(keys));
        assertThat(key.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void readsPkcs8() {
        RSAPrivateKey key = PrivateKeyParser.parse(TestKeys.pkcs8Pem(keys));
        assertThat(key.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void toleratesAKeyWhoseLineBreaksWereLostInAnEnvironmentVariable() {
        String oneLine = TestKeys.pkcs1Pem(keys).replace("\n", " ");
        assertThat(PrivateKeyParser.parse(oneLine).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        String noSpaces = TestKeys.pkcs1Pem(keys).replace("\n", "");
        assertThat(PrivateKeyParser.parse(noSpaces).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void toleratesLiteralBackslashN() {
        String escaped = TestKeys.pkcs8Pem(keys).replace("\n", "\\n");
        assertThat(PrivateKeyParser.parse(escaped).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not a key", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"})
    void refusesTextThatIsNoPemKey(String text) {
        assertThatThrownBy(() -> PrivateKeyParser.parse(text))
                .isInstanceOf(PrivateKeyParser.InvalidPrivateKeyException.class)
                .hasMessageStartingWith("the private key");
    }

    @Test
    void refusesGarbageInsideAValidLookingBlockWithoutEchoingIt() {
        String garbage = PrivateKeyParser.block(PrivateKeyParser.PKCS1_LABEL, "U0VDUkVUU0VDUkVUU0VDUkVU");
        assertThatThrownBy(() -> PrivateKeyParser.parse(garbage))
                .isInstanceOf(PrivateKeyParser.InvalidPrivateKeyException.class)
                .hasMessageContaining("not a valid RSA key")
                .hasMessageNotContaining("U0VDUkVU");
    }

    @Test
    void refusesInvalidBase64() {
        String bad = PrivateKeyParser.block(PrivateKeyParser.PKCS8_LABEL, "!!!*");
        assertThatThrownBy(() -> PrivateKeyParser.parse(bad)).hasMessageContaining("not valid base64");
    }

    @Test
    void refusesAnEncryptedKey() {
        String encrypted = PrivateKeyParser.block("ENCRYPTED " + PrivateKeyParser.PKCS8_LABEL, "MIIB");
        assertThatThrownBy(() -> PrivateKeyParser.parse(encrypted)).hasMessageContaining("encrypted");
    }

    @Test
    void refusesANonRsaKey() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String pem = PrivateKeyParser.block(PrivateKeyParser.PKCS8_LABEL,
                Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPrivate().getEncoded()));
        assertThatThrownBy(() -> PrivateKeyParser.parse(pem))
                .isInstanceOf(PrivateKeyParser.InvalidPrivateKeyException.class);
    }
}
