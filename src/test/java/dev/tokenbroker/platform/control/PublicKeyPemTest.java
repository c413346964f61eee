package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tokenbroker.testsupport.TestJws;

/** Vault's {@code jwt_validation_pubkeys} entries: SPKI and certificate PEM of every key kind, and what is refused. */
class PublicKeyPemTest {

    private static final KeyPair RSA = TestJws.keyPair(JwsAlgorithm.RS256);

    @ParameterizedTest
    @EnumSource(value = JwsAlgorithm.class, names = {"RS256", "ES256", "ES384", "ES512", "EdDSA"})
    void aPublicKeyBlockOfEachKindIsRead(JwsAlgorithm alg) {
        PublicKey original = TestJws.keyPair(alg).getPublic();
        PublicKey read = PublicKeyPem.parse(pem("PUBLIC KEY", original.getEncoded()));
        assertThat(read.getEncoded()).isEqualTo(original.getEncoded());
        assertThat(alg.fits(read)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = JwsAlgorithm.class, names = {"RS256", "ES256", "ES384", "ES512", "EdDSA"})
    void aCertificateGivesItsSubjectsKeyWhoeverSignedItAndWhenever(JwsAlgorithm alg) throws Exception {
        KeyPair subject = TestJws.keyPair(alg);
        byte[] selfSigned = certificate(subject.getPublic(), subject.getPrivate(), signatureFor(alg), Instant.now());
        assertThat(PublicKeyPem.parse(pem("CERTIFICATE", selfSigned)).getEncoded())
                .isEqualTo(subject.getPublic().getEncoded());
        byte[] expiredFromAnotherIssuer = certificate(subject.getPublic(), RSA.getPrivate(), "SHA256withRSA",
                Instant.parse("2001-01-01T00:00:00Z"));
        assertThat(PublicKeyPem.parse(pem("CERTIFICATE", expiredFromAnotherIssuer)).getEncoded())
                .isEqualTo(subject.getPublic().getEncoded());
    }

    @Test
    void lineBreaksWhiteSpaceAndTextBeforeTheBlockAreTolerated() {
        byte[] der = RSA.getPublic().getEncoded();
        String body = Base64.getEncoder().encodeToString(der);
        for (String pem : List.of(pem("PUBLIC KEY", der).replace("\n", "\r\n"),
                "-----BEGIN PUBLIC KEY-----" + body + "-----END PUBLIC KEY-----",
                "Issuer key, rotated 2026-12\n" + pem("PUBLIC KEY", der),
                "\n\n  " + pem("PUBLIC KEY", der).replace("\n", "\n    ") + "\n\t\n")) {
            assertThat(PublicKeyPem.parse(pem).getEncoded()).isEqualTo(der);
        }
    }

    @Test
    void textThatIsNoSinglePemBlockIsRefused() {
        String key = pem("PUBLIC KEY", RSA.getPublic().getEncoded());
        String body = Base64.getEncoder().encodeToString(RSA.getPublic().getEncoded());
        refused(null, "no PEM block");
        refused("", "no PEM block");
        refused(" \n", "no PEM block");
        refused("correct horse battery staple, a garbage line", "no PEM block");
        refused(body, "no PEM block");
        refused(key.toLowerCase(java.util.Locale.ROOT), "no PEM block");
        refused(key.replace("-----END PUBLIC KEY-----", "-----END CERTIFICATE-----"), "no PEM block");
        refused(key + key, "more than one PEM block");
        refused(key + "trailing words", "more than one PEM block");
        refused(key + pem("CERTIFICATE", new byte[] {1}), "more than one PEM block");
        refused("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", "empty");
        refused("-----BEGIN PUBLIC KEY-----\n" + body.substring(0, 40) + "!*" + body.substring(40) + "\n-----END PUBLIC KEY-----\n", "not valid base64");
        refused("-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\n\n" + body + "\n-----END PUBLIC KEY-----\n", "not valid base64");
        refused("x".repeat(PublicKeyPem.MAX_LENGTH) + key, "longer than");
    }

    @Test
    void blocksOfOtherTypesAreRefusedByTheirLabel() throws Exception {
        byte[] spki = RSA.getPublic().getEncoded();
        refused(pem("PRIVATE KEY", RSA.getPrivate().getEncoded()), "private key");
        refused(pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}), "private key");
        refused(pem("EC PRIVATE KEY", new byte[] {1, 2, 3}), "private key");
        refused(pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}), "private key");
        refused(pem("RSA PUBLIC KEY", spki), "PKCS#1");
        refused(pem("CERTIFICATE REQUEST", spki), "neither a PUBLIC KEY nor a CERTIFICATE");
        refused(pem("X509 CRL", spki), "neither a PUBLIC KEY nor a CERTIFICATE");
        byte[] cert = certificate(RSA.getPublic(), RSA.getPrivate(), "SHA256withRSA", Instant.now());
        refused(pem("PUBLIC KEY", cert), "not an RSA, EC (P-256, P-384, P-521) or Ed25519 key");
        refused(pem("CERTIFICATE", spki), "not an X.509 certificate");
    }

    @Test
    void keysNoJwsAlgorithmCanUseAreRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair weak = rsa.generateKeyPair();
        refused(pem("PUBLIC KEY", weak.getPublic().getEncoded()), "shorter than 2048 bits");
        refused(pem("CERTIFICATE", certificate(weak.getPublic(), RSA.getPrivate(), "SHA256withRSA", Instant.now())),
                "shorter than 2048 bits");
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        KeyPair dsaPair = dsa.generateKeyPair();
        refused(pem("PUBLIC KEY", dsaPair.getPublic().getEncoded()), "not an RSA, EC");
        refused(pem("CERTIFICATE", certificate(dsaPair.getPublic(), RSA.getPrivate(), "SHA256withRSA", Instant.now())),
                "not an RSA, EC or Ed25519 key");
        for (String algorithm : List.of("Ed448", "X25519", "X448")) {
            refused(pem("PUBLIC KEY", KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPublic().getEncoded()),
                    "not an RSA, EC");
        }
    }

    @Test
    void anEcPointOffItsCurveIsRefused() {
        byte[] spki = TestJws.keyPair(JwsAlgorithm.ES256).getPublic().getEncoded();
        byte[] offCurve = spki.clone();
        offCurve[offCurve.length - 1] ^= 0x01;
        refused(pem("PUBLIC KEY", offCurve), "the EC key's point is not on its curve");
    }

    @Test
    void derWithBytesAfterTheKeyOrCertificateIsRefused() throws Exception {
        byte[] spki = TestJws.keyPair(JwsAlgorithm.ES256).getPublic().getEncoded();
        refused(pem("PUBLIC KEY", Arrays.copyOf(spki, spki.length + 2)), "not one DER structure");
        refused(pem("PUBLIC KEY", Arrays.copyOf(spki, spki.length - 1)), "not one DER structure");
        byte[] cert = certificate(RSA.getPublic(), RSA.getPrivate(), "SHA256withRSA", Instant.now());
        byte[] twoCertificates = Arrays.copyOf(cert, 2 * cert.length);
        System.arraycopy(cert, 0, twoCertificates, cert.length, cert.length);
        refused(pem("CERTIFICATE", twoCertificates), "not one DER structure");
        refused(pem("PUBLIC KEY", new byte[] {0x30, (byte) 0x84, 0, 0, 0, 1, 0}), "not one DER structure");
        refused(pem("PUBLIC KEY", new byte[] {0x30, 0x00}), "not an RSA, EC");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Asserts the refusal and that its message is short and repeats no run of 16 characters of the input. */
    private static void refused(String pem, String reason) {
        Throwable thrown = catchThrowable(() -> PublicKeyPem.parse(pem));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        String message = thrown.getMessage();
        assertThat(message).contains(reason).hasSizeLessThan(100);
        if (pem != null) {
            for (int i = 0; i + 16 <= pem.length(); i++) {
                assertThat(message).doesNotContain(pem.substring(i, i + 16));
            }
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static String signatureFor(JwsAlgorithm alg) {
        return switch (alg) {
            case ES256 -> "SHA256withECDSA";
            case ES384 -> "SHA384withECDSA";
            case ES512 -> "SHA512withECDSA";
            case EdDSA -> "Ed25519";
            default -> "SHA256withRSA";
        };
    }

    private static byte[] certificate(PublicKey subject, PrivateKey issuer, String signature, Instant notBefore)
            throws Exception {
        X500Principal name = new X500Principal("CN=issuer.example");
        return new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(notBefore.toEpochMilli()),
                Date.from(notBefore), Date.from(notBefore.plusSeconds(86_400)), name, subject)
                .build(new JcaContentSignerBuilder(signature).build(issuer)).getEncoded();
    }
}
