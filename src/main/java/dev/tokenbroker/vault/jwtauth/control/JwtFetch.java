package dev.tokenbroker.vault.jwtauth.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.tokenbroker.platform.control.JsonWebKeys;

/**
 * Fetches an issuer's discovery document or key set for a JWT mount: {@code http} or {@code https} only, redirects
 * never followed (a key set comes from where the operator pointed, nowhere else), 5 s to connect and 10 s for the
 * answer, at most {@value #MAX_BYTES} bytes, trusting the mount's CA certificates when it has some ({@code
 * oidc_discovery_ca_pem}, {@code jwks_ca_pem}), else the JVM's.
 */
final class JwtFetch implements JsonWebKeys.Source {

    static final int MAX_BYTES = 256 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,9})");

    private final HttpClient http;

    /** @throws IllegalArgumentException when {@code caPem} is not empty and holds no usable certificate */
    JwtFetch(String caPem) {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT);
        if (!caPem.isBlank()) {
            builder.sslContext(trusting(caPem));
        }
        this.http = builder.build();
    }

    @Override
    public JsonWebKeys.Fetched fetch(URI location) throws IOException {
        if (!"https".equals(location.getScheme()) && !"http".equals(location.getScheme())) {
            throw new IOException("only http and https URLs are fetched");
        }
        HttpRequest request = HttpRequest.newBuilder(location).timeout(ANSWER_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (response.statusCode() != 200) {
                throw new IOException(location + " answered " + response.statusCode());
            }
            if (bytes.length > MAX_BYTES) {
                throw new IOException(location + " answered more than " + MAX_BYTES + " bytes");
            }
            Optional<Duration> maxAge = response.headers().firstValue("cache-control").map(MAX_AGE::matcher)
                    .filter(Matcher::find).map(m -> Duration.ofSeconds(Long.parseLong(m.group(1))));
            return new JsonWebKeys.Fetched(new String(bytes, StandardCharsets.UTF_8), maxAge);
        }
    }

    private static SSLContext trusting(String caPem) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in the CA PEM");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("the CA PEM holds no usable certificate", e);
        }
    }
}
