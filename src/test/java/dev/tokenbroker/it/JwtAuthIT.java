package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.TestKeys;
import dev.tokenbroker.testsupport.TestOidcIssuer;

/**
 * issue 17: Vault's JWT auth method at {@code auth/jwt}, as {@code hashicorp/vault-action} uses it: a workflow's OIDC
 * token (from the test issuer, GitHub Actions' claims) logs in with a role bound to its repository and ref, reads a
 * GitHub token from the secrets engine, revokes itself, and GitHub sees the revocation. Each bound denies on its own;
 * config and role are Vault's API; vault-java-driver and Spring Vault log in unchanged.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.Random.class)
class JwtAuthIT {

    private static final String ROOT = "hvs.RootTokenForTheJwtAuthIT0123456789abcd";
    private static final String AUDIENCE = "https://github.com/octocat";
    private static GitHubSimulator github;
    private static TestOidcIssuer oidc;
    private static TestOidcIssuer stranger;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        KeyPair appKey = TestKeys.rsa();
        github = GitHubSimulator.start("1", (RSAPublicKey) appKey.getPublic());
        github.install("octocat", 4242, 583231, "Organization", Map.of("contents", "write", "metadata", "read"), List.of());
        github.addRepository("octocat", "playground");
        oidc = TestOidcIssuer.start();
        stranger = TestOidcIssuer.start();
        Map<String, String> settings = new HashMap<>(Map.of(
                "broker.github.api-url", github.baseUrl().toString(),
                "broker.github.app-id", "1",
                "broker.github.private-key-file", BrokerDeployment.writeSecret("jwt-it-app-key.pem",
                        TestKeys.pkcs1Pem(appKey)).toString(),
                "mp.jwt.verify.audiences", "broker.example.org",
                "broker.vault.encryption.key", Base64.getEncoder().encodeToString(new byte[32]),
                "broker.vault.root-token.value", ROOT,
                "broker.vault.reaper-interval", "1s",
                "broker.vault.jwt-auth.mounts", "jwt,jwt-ghes,jwt-spare"));
        return BrokerDeployment.of(settings);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {github, oidc, stranger}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing only
            }
        }
    }

    /** Every test starts from the same config and role, and a permission set the role's policy may read. */
    @BeforeEach
    void baseline() {
        Answer config = root("PUT", "auth/jwt/config", Json.createObjectBuilder()
                .add("oidc_discovery_url", oidc.issuer()).add("bound_issuer", oidc.issuer()).build().toString());
        assertThat(config.status()).as(config.toString()).isEqualTo(204);
        assertThat(root("PUT", "sys/policies/acl/deployer", Json.createObjectBuilder().add("policy",
                "path \"github/token/deploy\" { capabilities = [\"read\"] }").build().toString()).status()).isEqualTo(204);
        assertThat(root("PUT", "github/permissionset/deploy", "{\"installation_id\":4242,\"repositories\":\"playground\","
                + "\"permissions\":\"contents=read\"}").status()).isEqualTo(204);
        Answer role = root("PUT", "auth/jwt/role/deploy", deployRole().build().toString());
        assertThat(role.status()).as(role.toString()).isEqualTo(204);
    }

    private static jakarta.json.JsonObjectBuilder deployRole() {
        return Json.createObjectBuilder()
                .add("role_type", "jwt")
                .add("user_claim", "repository")
                .add("bound_audiences", Json.createArrayBuilder().add(AUDIENCE))
                .add("bound_claims", Json.createObjectBuilder().add("repository", "octocat/playground").add("ref", "refs/heads/main"))
                .add("claim_mappings", Json.createObjectBuilder().add("actor", "actor").add("ref", "ref"))
                .add("token_policies", "deployer")
                .add("token_ttl", "10m");
    }

    private String workflowToken() {
        return oidc.token().audience(AUDIENCE).build();
    }

    private Answer login(String role, String jwt) {
        return vault().send("POST", "auth/jwt/login", Json.createObjectBuilder().add("role", role).add("jwt", jwt)
                .build().toString());
    }

    @Test
    void aWorkflowLogsInReadsAGitHubTokenAndItsRevocationReachesGitHub() {
        // hashicorp/vault-action src/auth.js: POST v1/auth/<path>/login {"jwt": <getIDToken(jwtGithubAudience)>, "role": <role>}
        Answer login = login("deploy", workflowToken());
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        JsonObject auth = login.json().getJsonObject("auth");
        String token = auth.getString("client_token");
        assertThat(auth.getJsonArray("policies").getValuesAs(JsonString::getString)).containsExactly("default", "deployer");
        assertThat(auth.getJsonObject("metadata")).containsEntry("role", Json.createValue("deploy"))
                .containsEntry("actor", Json.createValue("octocat")).containsEntry("ref", Json.createValue("refs/heads/main"));
        assertThat(auth.getBoolean("renewable")).isTrue();
        assertThat(auth.getBoolean("orphan")).isTrue();
        assertThat(auth.getJsonNumber("lease_duration").longValue()).isEqualTo(600);
        assertThat(login.raw()).doesNotContain("eyJ");

        JsonObject self = as(token, "GET", "auth/token/lookup-self", null).json().getJsonObject("data");
        assertThat(self.getString("display_name")).isEqualTo("jwt-octocat/playground");
        assertThat(self.getString("path")).isEqualTo("auth/jwt/login");
        assertThat(self.getJsonObject("meta").getString("role")).isEqualTo("deploy");
        assertThat(self.getString("entity_id")).as("the same entity at every login")
                .isEqualTo(as(login("deploy", workflowToken()).json().getJsonObject("auth").getString("client_token"),
                        "GET", "auth/token/lookup-self", null).json().getJsonObject("data").getString("entity_id"));

        Answer minted = as(token, "GET", "github/token/deploy", null);
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        String ghs = minted.json().getJsonObject("data").getString("token");
        assertThat(as(token, "POST", "auth/token/revoke-self", null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> github.revokedTokens().contains(ghs));
        assertThat(as(token, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
    }

    @Test
    void eachBoundDeniesOnItsOwn() {
        assertThat(login("deploy", oidc.token().audience("sigstore").build()).error())
                .isEqualTo("error validating token: invalid audience (aud) claim: audience claim does not match any expected audience");
        assertThat(login("deploy", oidc.token().audience(AUDIENCE).claim("repository", "octocat/other").build()).error())
                .isEqualTo("error validating claims: claim \"repository\" does not match any associated bound claim values");
        assertThat(login("deploy", oidc.token().audience(AUDIENCE).claim("ref", "refs/heads/feature").build()).error())
                .isEqualTo("error validating claims: claim \"ref\" does not match any associated bound claim values");
        assertThat(login("deploy", oidc.token().audience(AUDIENCE).without("ref").build()).error())
                .isEqualTo("error validating claims: claim \"ref\" is missing");
        assertThat(login("deploy", stranger.token().audience(AUDIENCE).build()).error())
                .as("another issuer's key").contains("error verifying token signature");
        assertThat(login("deploy", oidc.token().audience(AUDIENCE).issuer("https://evil.example").build()).error())
                .isEqualTo("error validating token: invalid issuer (iss) claim");
        assertThat(login("deploy", oidc.token().audience(AUDIENCE).expiresIn(Duration.ofSeconds(-120)).build()).error())
                .isEqualTo("error validating token: invalid expiration time (exp) claim: token is expired");
        assertThat(login("absent", workflowToken()).error()).isEqualTo("role \"absent\" could not be found");
        assertThat(login("", workflowToken()).error()).isEqualTo("missing role");
        assertThat(login("deploy", "").error()).isEqualTo("missing token");
        Answer bySubject = root("PUT", "auth/jwt/role/by-subject", deployRole().add("bound_subject",
                "repo:octocat/playground:ref:refs/heads/release").build().toString());
        assertThat(bySubject.status()).isEqualTo(204);
        assertThat(login("by-subject", workflowToken()).error()).isEqualTo("error validating token: invalid subject (sub) claim");
        Answer fenced = root("PUT", "auth/jwt/role/fenced", deployRole().add("token_bound_cidrs", "10.0.0.0/8").build().toString());
        assertThat(fenced.status()).isEqualTo(204);
        Answer outside = login("fenced", workflowToken());
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.error()).isEqualTo("permission denied");
        for (Answer denied : List.of(login("deploy", oidc.token().audience("sigstore").build()), login("absent", workflowToken()))) {
            assertThat(denied.status()).isEqualTo(400);
        }
    }

    @Test
    void aRoleChangeAppliesToTheNextLoginAndRenewalNeedsTheRole() {
        assertThat(login("deploy", workflowToken()).status()).isEqualTo(200);
        Answer changed = root("PUT", "auth/jwt/role/deploy", deployRole().add("bound_claims",
                Json.createObjectBuilder().add("ref", "refs/heads/release")).build().toString());
        assertThat(changed.status()).isEqualTo(204);
        assertThat(login("deploy", workflowToken()).error()).contains("claim \"ref\" does not match");

        Answer glob = root("PUT", "auth/jwt/role/glob", deployRole().add("bound_claims_type", "glob")
                .add("bound_claims", Json.createObjectBuilder().add("sub", "repo:octocat/*")).build().toString());
        assertThat(glob.status()).isEqualTo(204);
        String token = login("glob", workflowToken()).json().getJsonObject("auth").getString("client_token");
        assertThat(as(token, "POST", "auth/token/renew-self", "{}").status()).isEqualTo(200);
        assertThat(root("DELETE", "auth/jwt/role/glob", null).status()).isEqualTo(204);
        Answer renewal = as(token, "POST", "auth/token/renew-self", "{}");
        assertThat(renewal.status()).isEqualTo(500);
        assertThat(renewal.error()).contains("failed to renew entry: role glob does not exist during renewal");
    }

    @Test
    void configAndRolesReadAsVaultShowsThem() {
        JsonObject config = root("GET", "auth/jwt/config", null).json().getJsonObject("data");
        assertThat(config.getString("oidc_discovery_url")).isEqualTo(oidc.issuer());
        assertThat(config.getString("bound_issuer")).isEqualTo(oidc.issuer());
        assertThat(config.getJsonArray("jwt_validation_pubkeys")).isEmpty();
        assertThat(config.keySet()).contains("jwks_url", "jwks_ca_pem", "default_role", "jwt_supported_algs",
                "oidc_discovery_ca_pem", "provider_config", "namespace_in_state");

        JsonObject role = root("GET", "auth/jwt/role/deploy", null).json().getJsonObject("data");
        assertThat(role.getString("role_type")).isEqualTo("jwt");
        assertThat(role.getJsonArray("bound_audiences").getValuesAs(JsonString::getString)).containsExactly(AUDIENCE);
        assertThat(role.getJsonObject("bound_claims").getString("ref")).isEqualTo("refs/heads/main");
        assertThat(role.getString("bound_claims_type")).isEqualTo("string");
        assertThat(role.getJsonNumber("token_ttl").longValue()).isEqualTo(600);
        assertThat(role.getJsonArray("token_policies").getValuesAs(JsonString::getString)).containsExactly("deployer");
        assertThat(role.get("oidc_scopes")).as("never set: null, as Vault shows it").isEqualTo(JsonValue.NULL);
        assertThat(role.getJsonNumber("clock_skew_leeway").longValue()).isZero();

        assertThat(root("LIST", "auth/jwt/role", null).json().getJsonObject("data").getJsonArray("keys")
                .getValuesAs(JsonString::getString)).contains("deploy");
        assertThat(root("GET", "auth/jwt/role/absent", null).status()).isEqualTo(404);
        assertThat(root("GET", "auth/jwt-spare/config", null).status()).as("a mount no test configures").isEqualTo(404);
        assertThat(root("GET", "sys/auth", null).json().getJsonObject("data").keySet()).contains("jwt/", "jwt-ghes/", "github/");
        assertThat(root("GET", "sys/auth", null).json().getJsonObject("data").getJsonObject("jwt/").getString("type")).isEqualTo("jwt");
    }

    @Test
    void writesAreCheckedWithVaultsWords() {
        assertThat(root("PUT", "auth/jwt/role/x", "{\"role_type\":\"jwt\",\"bound_audiences\":\"a\"}").error())
                .isEqualTo("a user claim must be defined on the role");
        assertThat(root("PUT", "auth/jwt/role/x", "{\"role_type\":\"jwt\",\"user_claim\":\"sub\"}").error())
                .isEqualTo("must have at least one bound constraint when creating/updating a role");
        assertThat(root("PUT", "auth/jwt/role/x", "{\"user_claim\":\"sub\",\"bound_audiences\":\"a\"}").error())
                .isEqualTo("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.");
        assertThat(root("PUT", "auth/jwt/role/x", "{\"role_type\":\"jwt\",\"user_claim\":\"sub\",\"bound_audiences\":\"a\","
                + "\"bound_claims_type\":\"glob\",\"bound_claims\":{\"n\":1}}").error()).isEqualTo("claim is not a string or list: 1");
        assertThat(root("PUT", "auth/jwt/role/x", "{\"role_type\":\"jwt\",\"user_claim\":\"sub\",\"bound_audiences\":\"a\","
                + "\"claim_mappings\":{\"a\":\"role\"}}").error())
                .isEqualTo("metadata key \"role\" is reserved and may not be a mapping destination");
        assertThat(root("PUT", "auth/jwt/config", "{\"jwks_url\":\"" + oidc.jwksUrl() + "\",\"oidc_discovery_url\":\""
                + oidc.issuer() + "\"}").error())
                .isEqualTo("exactly one of 'jwt_validation_pubkeys', 'jwks_url', 'jwks_pairs' or 'oidc_discovery_url' must be set");
        assertThat(root("PUT", "auth/jwt-ghes/config", "{\"oidc_discovery_url\":\"" + stranger.issuer() + "/elsewhere\"}").error())
                .isEqualTo("error checking oidc discovery URL");
        assertThat(root("PUT", "auth/jwt-ghes/config", "{\"jwks_url\":\"http://127.0.0.1:1/jwks\"}").error())
                .isEqualTo("error checking jwks URL http://127.0.0.1:1/jwks");
        assertThat(root("PUT", "auth/jwt-ghes/config", "{\"jwks_url\":\"" + stranger.jwksUrl()
                + "\",\"jwt_supported_algs\":\"HS256\"}").error())
                .isEqualTo("invalid jwt_supported_algs: unsupported signing algorithm \"HS256\"");
        assertThat(vault().send("PUT", "auth/jwt/role/x", "{\"role_type\":\"jwt\"}").status()).as("no token").isEqualTo(403);
    }

    @Test
    void aSecondMountWithItsOwnIssuerByJwksUrlServesItsOwnWorkflows() {
        assertThat(root("PUT", "auth/jwt-ghes/config", "{\"jwks_url\":\"" + stranger.jwksUrl() + "\",\"bound_issuer\":\""
                + stranger.issuer() + "\",\"default_role\":\"ci\"}").status()).isEqualTo(204);
        assertThat(root("PUT", "auth/jwt-ghes/role/ci", "{\"role_type\":\"jwt\",\"user_claim\":\"job_workflow_ref\","
                + "\"bound_audiences\":\"" + AUDIENCE + "\",\"token_policies\":\"deployer\"}").status()).isEqualTo(204);
        Answer login = vault().send("POST", "auth/jwt-ghes/login", "{\"jwt\":\"" + stranger.token().audience(AUDIENCE).build()
                + "\",\"role\":\"\"}");
        assertThat(login.status()).as("vault-action sends role \"\": the default role").isEqualTo(200);
        String token = login.json().getJsonObject("auth").getString("client_token");
        assertThat(as(token, "GET", "auth/token/lookup-self", null).json().getJsonObject("data").getString("display_name"))
                .isEqualTo("jwt-ghes-octocat/playground/.github/workflows/build.yml@refs/heads/main");
        assertThat(vault().send("POST", "auth/jwt-ghes/login", "{\"jwt\":\"" + workflowToken() + "\"}").error())
                .as("the first issuer's token at the second mount").contains("error verifying token signature");

        // a config change applies to the next login: the mount now trusts the first issuer's keys instead
        assertThat(root("PUT", "auth/jwt-ghes/config", "{\"jwks_url\":\"" + oidc.jwksUrl() + "\",\"bound_issuer\":\""
                + oidc.issuer() + "\",\"default_role\":\"ci\"}").status()).isEqualTo(204);
        assertThat(vault().send("POST", "auth/jwt-ghes/login", "{\"jwt\":\"" + workflowToken() + "\"}").status())
                .isEqualTo(200);
        assertThat(vault().send("POST", "auth/jwt-ghes/login", "{\"jwt\":\"" + stranger.token().audience(AUDIENCE).build()
                + "\"}").error()).contains("error verifying token signature");
    }

    @Test
    void vaultJavaDriverAndSpringVaultLogInUnchanged() throws Exception {
        // jopenlibs vault-java-driver api/Auth.java loginByJwt: POST v1/auth/<provider>/login {"role","jwt"}, no Content-Type
        io.github.jopenlibs.vault.Vault driver = io.github.jopenlibs.vault.Vault.create(
                new io.github.jopenlibs.vault.VaultConfig().address(address()).engineVersion(1).build());
        io.github.jopenlibs.vault.response.AuthResponse fromDriver = driver.auth().loginByJwt("jwt", "deploy", workflowToken());
        assertThat(fromDriver.getAuthClientToken()).startsWith("hvs.");
        assertThat(fromDriver.getAuthPolicies()).contains("deployer");
        assertThat(fromDriver.isAuthRenewable()).isTrue();

        // Spring Vault JwtAuthentication (what Spring Cloud Vault's authentication: JWT runs): auth/jwt/login
        org.springframework.vault.authentication.JwtAuthentication spring = new org.springframework.vault.authentication.JwtAuthentication(
                org.springframework.vault.authentication.JwtAuthenticationOptions.builder().role("deploy")
                        .jwt(workflowToken()).build(),
                org.springframework.vault.client.VaultClients.createRestTemplate(
                        org.springframework.vault.client.VaultEndpoint.from(java.net.URI.create(address())),
                        new org.springframework.http.client.SimpleClientHttpRequestFactory()));
        org.springframework.vault.support.VaultToken fromSpring = spring.login();
        assertThat(fromSpring.getToken()).startsWith("hvs.");
        assertThat(as(fromSpring.getToken(), "GET", "github/token/deploy", null).status()).isEqualTo(200);
    }

    private String address() {
        String url = base.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private VaultClient vault() {
        return new VaultClient(base);
    }

    private Answer root(String method, String path, String body) {
        return vault().send(method, path, body, "X-Vault-Token", ROOT);
    }

    private Answer as(String token, String method, String path, String body) {
        return vault().send(method, path, body, "X-Vault-Token", token);
    }
}
