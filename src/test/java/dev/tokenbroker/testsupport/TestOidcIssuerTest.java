package dev.tokenbroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestOidcIssuerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestOidcIssuer oidc;

    @BeforeAll
    static void start() {
        oidc = TestOidcIssuer.start();
    }

    @AfterAll
    static void stop() {
        oidc.close();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JWKSet fetchJwks() throws Exception {
        HttpResponse<String> response = get(oidc.jwksUrl());
        assertThat(response.statusCode()).isEqualTo(200);
        return JWKSet.parse(response.body());
    }

    private static boolean verifiesAgainstJwks(String token) throws Exception {
        JWSObject jws = JWSObject.parse(token);
        JWK jwk = fetchJwks().getKeyByKeyId(jws.getHeader().getKeyID());
        return jwk != null && jws.verify(new RSASSAVerifier(jwk.toRSAKey()));
    }

    private static Map<String, Object> claims(String token) throws Exception {
        return part(token, 1);
    }

    private static Map<String, Object> part(String token, int index) throws Exception {
        byte[] json = Base64URL.from(token.split("\\.")[index]).decode();
        return JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void urlsAndDiscovery() throws Exception {
        assertThat(oidc.issuer()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(oidc.jwksUrl()).isEqualTo(oidc.issuer() + "/.well-known/jwks");
        HttpResponse<String> response = get(oidc.issuer() + "/.well-known/openid-configuration");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> doc = JSONObjectUtils.parse(response.body());
        assertThat(doc).containsEntry("issuer", oidc.issuer()).containsEntry("jwks_uri", oidc.jwksUrl())
                .containsEntry("id_token_signing_alg_values_supported", List.of("RS256"));
        assertThat(get(oidc.issuer() + "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void fixedIssuerString() {
        try (TestOidcIssuer github = TestOidcIssuer.start("https://token.actions.githubusercontent.com")) {
            assertThat(github.issuer()).isEqualTo("https://token.actions.githubusercontent.com");
            assertThat(github.jwksUrl()).startsWith("http://127.0.0.1:").endsWith("/.well-known/jwks");
        }
    }

    @Test
    void jwksPublishesOnlyPublicKeysAsJsonWithMaxAge() throws Exception {
        HttpResponse<String> response = get(oidc.jwksUrl());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=300");
        JWKSet set = JWKSet.parse(response.body());
        assertThat(set.getKeys()).hasSize(1);
        assertThat(set.getKeys().get(0).isPrivate()).isFalse();
        assertThat(set.getKeys().get(0).getKeyID()).isEqualTo(oidc.currentKid());
        assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    @Test
    void maxAgeIsSettable() throws Exception {
        try (TestOidcIssuer other = TestOidcIssuer.start()) {
            other.setJwksMaxAgeSeconds(2);
            assertThat(get(other.jwksUrl()).headers().firstValue("Cache-Control")).hasValue("max-age=2");
        }
    }

    @Test
    void tokenTVerifiesAndHasGitHubShape() throws Exception {
        String token = oidc.tokenT();
        assertThat(verifiesAgainstJwks(token)).isTrue();

        JWSObject jws = JWSObject.parse(token);
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jws.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(jws.getHeader().getKeyID()).isEqualTo(oidc.currentKid());

        Map<String, Object> claims = claims(token);
        assertThat(claims).doesNotContainKey("groups")
                .containsEntry("iss", oidc.issuer())
                .containsEntry("aud", "broker.example.org")
                .containsEntry("sub", "repo:octocat/playground:ref:refs/heads/main")
                .containsEntry("repository_id", "1234567")
                .containsEntry("repository_owner_id", "583231")
                .containsEntry("ref_type", "branch")
                .containsEntry("job_workflow_ref", "octocat/playground/.github/workflows/build.yml@refs/heads/main");
        assertThat(claims.get("jti")).isInstanceOf(String.class);
        assertThat(claims.get("sha")).asString().matches("[0-9a-f]{40}");
        claims.forEach((name, value) -> {
            if (List.of("exp", "iat", "nbf").contains(name)) {
                assertThat(value).as(name).isInstanceOf(Number.class);
            } else {
                assertThat(value).as(name).isInstanceOf(String.class);
            }
        });
        long iat = ((Number) claims.get("iat")).longValue();
        assertThat(((Number) claims.get("exp")).longValue()).isEqualTo(iat + 300);
        assertThat(((Number) claims.get("nbf")).longValue()).isEqualTo(iat - 600);
        assertThat(iat).isCloseTo(Instant.now().getEpochSecond(), Offset.offset(5L));
    }

    @Test
    void immutableSubject() throws Exception {
        assertThat(claims(oidc.tokenTImm()))
                .containsEntry("sub", "repo:octocat@583231/playground@1234567:ref:refs/heads/main");
        assertThat(claims(oidc.token().environment("prod").immutableSub().build()))
                .containsEntry("sub", "repo:octocat@583231/playground@1234567:environment:prod");
    }

    @Test
    void builderEdits() throws Exception {
        assertThat(claims(oidc.token().without("jti").without("repository_id").build()))
                .doesNotContainKeys("jti", "repository_id");

        Map<String, Object> expired = claims(oidc.token().expiresIn(Duration.ofSeconds(-120)).build());
        assertThat(((Number) expired.get("exp")).longValue())
                .isEqualTo(((Number) expired.get("iat")).longValue() - 120);

        assertThat(claims(oidc.token().audience("a", "b").build()).get("aud")).isEqualTo(List.of("a", "b"));
        assertThat(claims(oidc.token().audience("app.example.org").build())).containsEntry("aud", "app.example.org");
        assertThat(claims(oidc.token().issuer("https://evil.example").build()))
                .containsEntry("iss", "https://evil.example");
        assertThat(claims(oidc.token().claim("repository_id", 1234567).build()).get("repository_id"))
                .isInstanceOf(Number.class);

        Map<String, Object> tag = claims(oidc.token().refs("refs/tags/v1").build());
        assertThat(tag).containsEntry("ref", "refs/tags/v1").containsEntry("ref_type", "tag")
                .containsEntry("workflow_ref", "octocat/playground/.github/workflows/build.yml@refs/tags/v1")
                .containsEntry("job_workflow_ref", "octocat/playground/.github/workflows/build.yml@refs/tags/v1");
        assertThat(claims(oidc.token().refs("refs/pull/1/merge").build()))
                .containsEntry("ref_type", "branch")
                .containsEntry("workflow_ref", "octocat/playground/.github/workflows/build.yml@refs/pull/1/merge");
    }

    @Test
    void hs256AndNoneTokens() throws Exception {
        String hs = oidc.token().algorithm("HS256").build();
        assertThat(JWSObject.parse(hs).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);

        String none = oidc.token().algorithm("none").build();
        assertThat(none).endsWith(".").satisfies(t -> assertThat(t.split("\\.", -1)).hasSize(3));
        Map<String, Object> header = part(none, 0);
        assertThat(header).isEqualTo(Map.of("alg", "none", "typ", "JWT"));
        assertThat(claims(none)).containsEntry("repository", "octocat/playground");
    }

    @Test
    void foreignKeyDoesNotVerify() throws Exception {
        RSAKey foreign = oidc.foreignKey();
        assertThat(fetchJwks().getKeyByKeyId(foreign.getKeyID())).isNull();
        assertThat(verifiesAgainstJwks(oidc.token().signedWith(foreign).build())).isFalse();
        // the published kid on a foreign signature: the key is found, the signature fails
        assertThat(verifiesAgainstJwks(oidc.token().signedWith(foreign).keyId(oidc.currentKid()).build())).isFalse();
    }

    @Test
    void rotationReplacesThePublishedKey() throws Exception {
        try (TestOidcIssuer rotating = TestOidcIssuer.start()) {
            String oldKid = rotating.currentKid();
            String oldToken = rotating.tokenT();
            String newKid = rotating.rotateKey();

            assertThat(newKid).isNotEqualTo(oldKid).isEqualTo(rotating.currentKid());
            JWKSet set = JWKSet.parse(get(rotating.jwksUrl()).body());
            assertThat(set.getKeys()).extracting(JWK::getKeyID).containsExactly(newKid);
            String newToken = rotating.tokenT();
            assertThat(JWSObject.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
            assertThat(JWSObject.parse(newToken).verify(new RSASSAVerifier(set.getKeyByKeyId(newKid).toRSAKey())))
                    .isTrue();
            assertThat(set.getKeyByKeyId(JWSObject.parse(oldToken).getHeader().getKeyID())).isNull();
        }
    }

    @Test
    void unavailableJwksAnswers503AndFetchesAreCounted() throws Exception {
        try (TestOidcIssuer flaky = TestOidcIssuer.start()) {
            assertThat(flaky.jwksFetches()).isZero();
            get(flaky.jwksUrl());
            get(flaky.issuer() + "/.well-known/openid-configuration");
            assertThat(flaky.jwksFetches()).isEqualTo(1);

            flaky.setJwksAvailable(false);
            assertThat(get(flaky.jwksUrl()).statusCode()).isEqualTo(503);
            assertThat(flaky.jwksFetches()).isEqualTo(2);

            flaky.setJwksAvailable(true);
            assertThat(get(flaky.jwksUrl()).statusCode()).isEqualTo(200);
            assertThat(flaky.jwksFetches()).isEqualTo(3);
        }
    }
}
