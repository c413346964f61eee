package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.TestKeys;

/** The Vault-compatible API ({@code /v1}) from outside the container: HTTP conventions (vault-api.md §1, cases C). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.Random.class)
class VaultIT {

    private static final String ROOT = "hvs.RootTokenForTheVaultIT0123456789abcdef";
    private static final String PAT = "ghp_personalTokenOfUserFoo";
    private static final String MANY_ORGS = "ghp_personalTokenWithManyOrgs";
    private static final String LEAVER = "ghp_personalTokenOfALeaver";
    private static final String LIMITED = "ghp_personalTokenThatHitsTheRateLimit";
    private static GitHubSimulator github;

    /** The time of the simulator and the broker; tests move it with {@link #advance} instead of waiting. */
    private static final dev.tokenbroker.testsupport.ShiftedClock WORLD = new dev.tokenbroker.testsupport.ShiftedClock();

    @ArquillianResource
    URL base;

    private void advance(Duration by) {
        TestClockResource.advance(base, WORLD, by);
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        KeyPair appKey = TestKeys.rsa();
        github = GitHubSimulator.start("1", (RSAPublicKey) appKey.getPublic());
        github.useClock(WORLD);
        github.addOrganization("foo-org", 12345);
        github.addUser(PAT, "user-foo", 6789);
        github.addUserOrganization(PAT, "foo-org", 12345);
        github.addUserTeam(PAT, 1, "Foo team", "foo-team", "foo-org", 12345);
        github.addUserTeam(PAT, 2, "Owners", "owners", "foo-org", 12345);
        github.addUserTeam(PAT, 3, "Foo team", "foo-team-elsewhere", "other-org", 999);
        github.addUser(MANY_ORGS, "org-collector", 4242);
        for (int i = 0; i < 250; i++) {
            github.addUserOrganization(MANY_ORGS, "org-" + i, 50_000 + i);
        }
        github.addUserOrganization(MANY_ORGS, "foo-org", 12345);
        for (int i = 0; i < 150; i++) {
            github.addUserTeam(MANY_ORGS, 70_000 + i, "Team " + i, "paged-team-" + i, "foo-org", 12345);
        }
        github.addUser(LIMITED, "limited-user", 778);
        github.addUserOrganization(LIMITED, "foo-org", 12345);
        github.addUser(LEAVER, "leaver", 777);
        github.addUserOrganization(LEAVER, "foo-org", 12345);
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "broker.vault.default-lease-ttl", "24h",
                "broker.vault.max-lease-ttl", "48h"));
        settings.putAll(Map.of(
                "broker.github.api-url", github.baseUrl().toString(),
                "broker.github.app-id", "1",
                "broker.github.private-key-file", BrokerDeployment.writeSecret("vault-it-app-key.pem", TestKeys.pkcs1Pem(appKey)).toString(),
                "mp.jwt.verify.audiences", "broker.example.org",
                "broker.vault.health.version", "1.15.0-broker",
                "broker.vault.encryption.key", java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "broker.vault.root-token.value", ROOT,
                "broker.vault.reaper-interval", "1s",
                "broker.http.trusted-proxies", "127.0.0.1/32,::1/128",
                "broker.vault.github-auth.lookup-token", "foobar"));
        return BrokerDeployment.of(settings);
    }

    @AfterAll
    static void stopSimulator() {
        if (github != null) {
            github.close();
        }
    }

    private VaultClient vault() {
        return new VaultClient(base);
    }

    private static void assertVaultHeaders(Answer answer) {
        assertThat(answer.header("Content-Type")).as(answer.toString()).isEqualTo("application/json");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void c15HealthIsTheBareObjectAndHonoursActivecode() {
        Answer health = vault().send("GET", "sys/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertVaultHeaders(health);
        JsonObject body = health.json();
        assertThat(body.getBoolean("initialized")).isTrue();
        assertThat(body.getBoolean("sealed")).isFalse();
        assertThat(body.getBoolean("standby")).isFalse();
        assertThat(body.getString("replication_dr_mode")).isEqualTo("disabled");
        assertThat(body.getString("version")).isEqualTo("1.15.0-broker");
        assertThat(body.getJsonNumber("server_time_utc").longValue()).isCloseTo(WORLD.instant().getEpochSecond(),
                org.assertj.core.data.Offset.offset(30L));
        assertThat(body).doesNotContainKey("data");

        Answer head = vault().send("HEAD", "sys/health", null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.raw()).isEmpty();

        assertThat(vault().send("GET", "sys/health?activecode=299", null).status()).isEqualTo(299);
        Answer bad = vault().send("GET", "sys/health?activecode=x", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw()).isEqualTo("{\"errors\":[]}");
    }

    /** issue 16: /metrics counts Vault requests by route pattern and status, exactly, and names no token. */
    @Test
    void metricsCountVaultRequestsByRouteAndStatus() {
        String series = "broker_vault_requests_total{route=\"auth/token/lookup-self\",status=\"200\"}";
        double before = MetricsScrape.value(base, series);
        for (int i = 0; i < 3; i++) {
            assertThat(root("GET", "auth/token/lookup-self", null).status()).isEqualTo(200);
        }
        assertThat(root("GET", "sys/policies/acl/absent-policy", null).status()).isEqualTo(404);
        String text = MetricsScrape.text(base);
        assertThat(MetricsScrape.value(text, series)).isEqualTo(before + 3);
        assertThat(MetricsScrape.value(text, "broker_vault_requests_total{route=\"sys/policies/acl/(.+)\",status=\"404\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(text).contains("jvm_memory_used_bytes").doesNotContain(ROOT);
    }

    /**
     * issue 16: logins by outcome and tokens by source in /metrics after known traffic; the live-token gauge follows a
     * create and a revoke; the reaper's runs, the database probe and the lease states are there.
     */
    @Test
    void metricsCountLoginsAndTokensAndShowTheStoreAndTheReaper() {
        String success = "broker_vault_logins_total{method=\"github\",outcome=\"success\"}";
        String denied = "broker_vault_logins_total{method=\"github\",outcome=\"denied\"}";
        String fromLogin = "broker_vault_token_creations_total{source=\"login\",type=\"service\"}";
        String fromCreate = "broker_vault_token_creations_total{source=\"create\",type=\"service\"}";
        String live = "broker_vault_tokens{source=\"create\"}";
        String reaperRuns = "broker_vault_reaper_run_duration_seconds_count";
        advance(Duration.ofSeconds(6)); // past the gauges' 5 s reading
        String before = MetricsScrape.text(base);

        assertThat(login(PAT).status()).isEqualTo(200);
        assertThat(login("ghp_unknown").status()).isEqualTo(500);
        Answer created = root("POST", "auth/token/create", "{\"policies\":[\"default\"],\"ttl\":\"1h\"}");
        String token = created.json().getJsonObject("auth").getString("client_token");
        advance(Duration.ofSeconds(6));
        String after = MetricsScrape.text(base);

        assertThat(MetricsScrape.value(after, success) - MetricsScrape.value(before, success)).isEqualTo(1);
        assertThat(MetricsScrape.value(after, denied) - MetricsScrape.value(before, denied)).isEqualTo(1);
        assertThat(MetricsScrape.value(after, fromLogin) - MetricsScrape.value(before, fromLogin))
                .as(after.lines().filter(l -> l.startsWith("broker_vault_tokens")).toList().toString()).isEqualTo(1);
        assertThat(MetricsScrape.value(after, fromCreate) - MetricsScrape.value(before, fromCreate)).isEqualTo(1);
        assertThat(MetricsScrape.value(after, live)).as("the created token is live").isGreaterThanOrEqualTo(MetricsScrape.value(before, live) + 1);
        assertThat(MetricsScrape.value(after, "broker_database_up")).isEqualTo(1);
        assertThat(MetricsScrape.value(after, "broker_database_probe_duration_seconds")).isPositive();
        for (String state : List.of("active", "revoke_pending", "irrevocable")) {
            assertThat(after).containsPattern("(?m)^broker_vault_leases\\{state=\"" + state + "\"\\} [0-9.E]+$");
        }

        assertThat(root("POST", "auth/token/revoke", "{\"token\":\"" + token + "\"}").status()).isEqualTo(204);
        advance(Duration.ofSeconds(6));
        assertThat(MetricsScrape.value(base, live)).as("revoked: one fewer").isLessThanOrEqualTo(MetricsScrape.value(after, live) - 1);

        double runs = MetricsScrape.value(after, reaperRuns);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> MetricsScrape.value(base, reaperRuns) > runs); // the reaper runs every second here
        assertThat(MetricsScrape.text(base)).doesNotContain(token, PAT, ROOT);
    }

    /** issue 16: Vault's sys/metrics, behind the ACL: Prometheus text, the JSON summary, Vault's 400 for other formats. */
    @Test
    void sysMetricsNeedsReadOnItAndSpeaksBothFormats() {
        Answer text = root("GET", "sys/metrics?format=prometheus", null);
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
        assertThat(text.raw()).contains("# TYPE broker_vault_requests_total counter", "broker_database_up");

        Answer summary = root("GET", "sys/metrics", null);
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.header("Content-Type")).isEqualTo("application/json");
        JsonObject json = summary.json();
        assertThat(json.getString("Timestamp")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 UTC");
        assertThat(json.getJsonArray("Counters").getValuesAs(JsonObject.class))
                .anySatisfy(c -> {
                    assertThat(c.getString("Name")).isEqualTo("broker.vault.requests");
                    assertThat(c.getJsonObject("Labels").getString("route")).isEqualTo("sys/metrics");
                    assertThat(c.getJsonNumber("Count").longValue()).isPositive();
                });
        assertThat(json.getJsonArray("Gauges").getValuesAs(JsonObject.class)).extracting(g -> g.getString("Name"))
                .contains("broker.database.up", "jvm.threads.live");

        Answer unknown = root("GET", "sys/metrics?format=xml", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.raw()).isEqualTo("metric response format \"xml\" unknown");

        String defaultOnly = root("POST", "auth/token/create", "{\"policies\":[\"default\"],\"ttl\":\"10m\"}")
                .json().getJsonObject("auth").getString("client_token");
        Answer refused = vault().send("GET", "sys/metrics?format=prometheus", null, "X-Vault-Token", defaultOnly);
        assertThat(refused.status()).as("the default policy does not grant sys/metrics").isEqualTo(403);
        assertThat(vault().send("GET", "sys/metrics", null).status()).as("no token").isEqualTo(403);
    }

    /** The OpenAPI description, as written and as JSON, without a token (OpenApiDocumentTest holds it to the routes). */
    @Test
    void theOpenApiDescriptionIsServedAsYamlAndAsJson() {
        java.net.http.HttpClient http = TestHttp.client();
        java.net.http.HttpResponse<String> yaml = TestHttp.send(http,
                java.net.http.HttpRequest.newBuilder(TestHttp.base(base).resolve("openapi.yaml")).GET());
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        assertThat(yaml.headers().firstValue("Cache-Control")).contains("public, max-age=3600");
        assertThat(yaml.body()).startsWith("# ").contains("\nopenapi: 3.1.0\n", "\n  /v1/auth/github/login:\n");

        java.net.http.HttpResponse<String> json = TestHttp.send(http,
                java.net.http.HttpRequest.newBuilder(TestHttp.base(base).resolve("openapi.json")).GET());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonObject document = jakarta.json.Json.createReader(new java.io.StringReader(json.body())).readObject();
        assertThat(document.getString("openapi")).isEqualTo("3.1.0");
        assertThat(document.getJsonObject("paths")).containsKeys("/access_tokens", "/v1/auth/github/login", "/v1/sys/health");
    }

    /** issue 16: one id per request, in the X-Request-Id header and the envelope's request_id (and every audit event). */
    @Test
    void everyAnswerNamesItsRequestInTheHeaderAndTheEnvelope() {
        Answer offered = vault().send("GET", "auth/token/lookup-self", null, "X-Vault-Token", ROOT, "X-Request-Id", "trace-123");
        assertThat(offered.header("X-Request-Id")).isEqualTo("trace-123");
        assertThat(offered.json().getString("request_id")).isEqualTo("trace-123");
        Answer made = vault().send("GET", "auth/token/lookup-self", null, "X-Vault-Token", ROOT, "X-Request-Id", "no spaces allowed");
        assertThat(made.header("X-Request-Id")).matches("[0-9a-f-]{36}").isEqualTo(made.json().getString("request_id"));
        Answer denied = vault().send("GET", "auth/token/lookup-self", null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("X-Request-Id")).as("errors too").matches("[0-9a-f-]{36}");
    }

    @Test
    void c6AnUnknownVerbIs405WithNoMessage() {
        Answer foo = vault().send("FOO", "sys/health", null);
        assertThat(foo.status()).isEqualTo(405);
        assertThat(foo.raw()).isEqualTo("{\"errors\":[]}");
        assertVaultHeaders(foo);
    }

    @Test
    void c13UnknownPathsUnderAMountAreWrappedElsewherePlain() {
        Answer underMount = vault().send("GET", "auth/github/nope", null);
        assertThat(underMount.status()).isEqualTo(404);
        assertThat(underMount.error()).isEqualTo("1 error occurred:\n\t* unsupported path\n\n");
        assertVaultHeaders(underMount);
        Answer elsewhere = vault().send("GET", "foo/bar", null);
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.error()).isEqualTo("no handler for route \"foo/bar\". route entry not found.");
        assertThat(elsewhere.raw()).contains("\"errors\":[");
    }

    @Test
    void aKnownPathWithAnUnsupportedMethodIs405Wrapped() {
        Answer post = vault().send("POST", "sys/health", "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.error()).isEqualTo("1 error occurred:\n\t* unsupported operation\n\n");
    }

    @Test
    void c14NamespacesAndResponseWrappingAreRefused() {
        assertThat(vault().send("GET", "sys/health", null, "X-Vault-Namespace", "").status()).isEqualTo(200);
        assertThat(vault().send("GET", "sys/health", null, "X-Vault-Namespace", "root").status()).isEqualTo(200);
        Answer team = vault().send("GET", "sys/health", null, "X-Vault-Namespace", "team1");
        assertThat(team.status()).isEqualTo(400);
        assertThat(team.error()).isEqualTo("namespaces are not supported by this server");
        Answer wrap = vault().send("GET", "sys/health", null, "X-Vault-Wrap-TTL", "60");
        assertThat(wrap.status()).isEqualTo(400);
        assertThat(wrap.error()).isEqualTo("response wrapping is not supported by this server");
    }

    @Test
    void c16ABodyOverTheLimitIs413() {
        Answer big = vault().send("PUT", "sys/policies/acl/x", "{\"policy\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.error()).isEqualTo("request body too large");
        assertVaultHeaders(big);
    }

    @Test
    void aBearerVaultTokenIsNotMistakenForAWorkflowToken() {
        Answer health = vault().send("GET", "sys/health", null, "Authorization", "Bearer hvs.notAnOidcToken");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().getBoolean("initialized")).isTrue();
        Answer unknown = vault().send("GET", "foo/bar", null, "Authorization", "Bearer hvs.notAnOidcToken");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aDotSegmentIsAnInvalidPath() {
        Answer dots = vault().send("GET", "sys/%2e%2e/health", null);
        assertThat(dots.status()).as(dots.toString()).isEqualTo(400);
        assertThat(dots.error()).isEqualTo("invalid request path");
    }

    // ---- token store, root and policies ----

    private Answer root(String method, String path, String body) {
        return vault().send(method, path, body, "X-Vault-Token", ROOT);
    }

    private Answer as(String token, String method, String path, String body) {
        return vault().send(method, path, body, "X-Vault-Token", token);
    }

    private String createToken(String body) {
        Answer created = root("POST", "auth/token/create", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().getJsonObject("auth").getString("client_token");
    }

    @Test
    void d2TheConfiguredRootTokenIsRoot() {
        Answer caps = root("POST", "sys/capabilities-self", "{\"paths\":[\"github/token\"]}");
        assertThat(caps.status()).as(caps.toString()).isEqualTo(200);
        assertThat(caps.json().getJsonObject("data").getJsonArray("capabilities").getString(0)).isEqualTo("root");
        assertThat(caps.json().getJsonArray("capabilities").getString(0)).as("copied to the top").isEqualTo("root");
        JsonObject self = root("GET", "auth/token/lookup-self", null).json().getJsonObject("data");
        assertThat(self.getJsonArray("policies").getString(0)).isEqualTo("root");
        assertThat(self.getString("path")).isEqualTo("auth/token/root");
        assertThat(self.get("expire_time")).isEqualTo(jakarta.json.JsonValue.NULL);
        assertThat(self.getJsonNumber("ttl").longValue()).isZero();
        assertThat(self.getString("id")).isEqualTo(ROOT);
    }

    @Test
    void c11AndC10TokensAreCheckedAndTakenFromEitherHeader() {
        Answer none = vault().send("GET", "auth/token/lookup-self", null);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.error()).isEqualTo("1 error occurred:\n\t* permission denied\n\n");
        Answer unknown = as("hvs.unknownunknownunknownunknownunknownunkno", "GET", "auth/token/lookup-self", null);
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.error()).isEqualTo("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");
        String altered = ROOT.substring(0, ROOT.length() - 1) + "X";
        assertThat(as(altered, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
        assertThat(as("root", "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
        assertThat(vault().send("GET", "auth/token/lookup-self", null, "Authorization", "Bearer " + ROOT).status()).isEqualTo(200);
        String user = createToken("{\"policies\":[\"default\"]}");
        Answer both = vault().send("GET", "auth/token/lookup-self", null, "X-Vault-Token", user, "Authorization", "Bearer " + ROOT);
        assertThat(both.json().getJsonObject("data").getJsonArray("policies").getString(0)).as("X-Vault-Token wins").isEqualTo("default");
    }

    @Test
    void j4AndC17PoliciesCanBeWrittenReadListedAndDeleted() {
        Answer written = root("PUT", "sys/policies/acl/Dev", "{\"policy\":\"path \\\"github/token\\\" { capabilities = [\\\"update\\\"] }\"}");
        assertThat(written.status()).as(written.toString()).isEqualTo(200);
        assertThat(written.json().getJsonArray("warnings").getString(0)).isEqualTo("policy name was converted to dev");
        Answer read = root("GET", "sys/policies/acl/dev", null);
        assertThat(read.json().getJsonObject("data").getString("policy")).contains("github/token");
        Answer legacy = root("GET", "sys/policy/dev", null);
        assertThat(legacy.json().getJsonObject("data").getString("rules")).contains("github/token");
        assertThat(legacy.json().getString("rules")).as("copied to the top").contains("github/token");
        String json = java.util.Base64.getEncoder().encodeToString("{\"path\":{\"sys/health\":{\"capabilities\":[\"read\"]}}}".getBytes());
        assertThat(root("PUT", "sys/policy/ops", "{\"rules\":\"" + json + "\"}").json().getJsonArray("warnings").getString(0))
                .isEqualTo("'rules' is deprecated, please use 'policy' instead");
        assertThat(root("GET", "sys/policy/ops", null).json().getJsonObject("data").getString("rules")).startsWith("{\"path\"");

        Answer list = root("LIST", "sys/policies/acl", null);
        assertThat(list.json().getJsonObject("data").getJsonArray("keys").getValuesAs(jakarta.json.JsonString::getString))
                .contains("default", "dev", "ops").last().isEqualTo("root");
        assertThat(list.json()).as("no top-level copy").doesNotContainKey("keys");
        Answer policyList = root("GET", "sys/policy", null);
        assertThat(policyList.json()).containsKeys("keys", "policies");
        assertThat(policyList.json().getJsonObject("data").getJsonArray("policies")).isNotEmpty();
        for (String variant : new String[] {"sys/policies/acl?list=true", "sys/policies/acl?list=1", "sys/policies/acl/?list=true"}) {
            assertThat(root("GET", variant, null).json().getJsonObject("data")).as(variant).isEqualTo(list.json().getJsonObject("data"));
        }
        assertThat(root("GET", "sys/policies/acl?list=maybe", null).raw()).isEqualTo("{\"errors\":[]}");

        assertThat(root("PUT", "sys/policies/acl/root", "{\"policy\":\"path \\\"a\\\" {}\"}").error()).isEqualTo("cannot update \"root\" policy");
        assertThat(root("DELETE", "sys/policies/acl/default", null).error()).isEqualTo("cannot delete default policy");
        Answer bad = root("PUT", "sys/policies/acl/bad", "{\"policy\":\"path {\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).startsWith("failed to parse policy: ");
        Answer wrapping = root("PUT", "sys/policies/acl/w", "{\"policy\":\"path \\\"a\\\" { capabilities = [\\\"read\\\"]\\n max_wrapping_ttl = \\\"1h\\\" }\"}");
        assertThat(wrapping.status()).as("J5").isEqualTo(400);
        assertThat(root("DELETE", "sys/policies/acl/ops", null).status()).isEqualTo(204);
        assertThat(root("GET", "sys/policies/acl/ops", null).status()).isEqualTo(404);
        assertThat(root("GET", "sys/policies/acl/ops", null).raw()).isEqualTo("{\"errors\":[]}");
        assertThat(root("PUT", "sys/policies/acl/x", "{not json").error()).as("C8").isEqualTo("error parsing JSON");
        assertThat(root("PUT", "sys/policies/acl/x", "[1]").error()).isEqualTo("error parsing JSON");
    }

    @Test
    void i1AndI10LookupSelfShowsEveryKeyAndTheDefaultPolicyGrantsOnlyRead() {
        String token = createToken("{\"policies\":[\"default\"],\"ttl\":\"1h\",\"display_name\":\"my app!\"}");
        Answer self = as(token, "GET", "auth/token/lookup-self", null);
        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        JsonObject data = self.json().getJsonObject("data");
        assertThat(data.keySet()).contains("id", "accessor", "policies", "path", "meta", "display_name", "num_uses", "orphan",
                "creation_time", "creation_ttl", "expire_time", "ttl", "explicit_max_ttl", "entity_id", "type", "renewable",
                "issue_time").doesNotContain("last_renewal_time", "last_renewal", "period", "bound_cidrs");
        assertThat(data.getString("id")).isEqualTo(token);
        assertThat(data.getString("display_name")).isEqualTo("token-my-app");
        assertThat(data.getJsonObject("meta")).isEmpty();
        assertThat(data.getString("path")).isEqualTo("auth/token/create");
        assertThat(data.getJsonNumber("creation_ttl").longValue()).isEqualTo(3600);
        assertThat(data.getString("accessor")).matches("[0-9A-Za-z]{24}");
        assertThat(as(token, "POST", "auth/token/lookup-self", null).status()).as("default grants only read").isEqualTo(403);

        Answer renewed = as(token, "POST", "auth/token/renew-self", null);
        assertThat(renewed.status()).as("an empty body renews: " + renewed).isEqualTo(200);
        assertThat(renewed.json().getJsonObject("auth").getString("client_token")).isEqualTo(token);
        assertThat(renewed.json().getJsonObject("auth").getJsonObject("metadata")).isEmpty();
        JsonObject after = as(token, "GET", "auth/token/lookup-self", null).json().getJsonObject("data");
        assertThat(after.getJsonNumber("last_renewal_time").longValue()).isPositive();
        assertThat(after.getString("last_renewal")).endsWith("Z");

        Answer revoked = as(token, "POST", "auth/token/revoke-self", null);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(revoked.raw()).isEmpty();
        // Known deviation: Payara's Grizzly strips Content-Type from every 204, whatever the application sets.
        assertThat(revoked.header("Content-Type")).isIn("application/json", null);
        assertThat(as(token, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
    }

    @Test
    void i2I3I5LookupAndRevokeOtherTokens() {
        String other = createToken("{\"policies\":[\"default\"]}");
        String accessor = as(other, "GET", "auth/token/lookup-self", null).json().getJsonObject("data").getString("accessor");
        Answer lookup = root("POST", "auth/token/lookup", "{\"token\":\"" + other + "\"}");
        assertThat(lookup.json().getJsonObject("data").getString("id")).isEqualTo(other);
        assertThat(root("POST", "auth/token/lookup", "{\"token\":\"hvs.nope\"}").error()).isEqualTo("bad token");
        assertThat(root("GET", "auth/token/lookup?token=" + other, null).error())
                .isEqualTo("token must be sent in the request body, not the URL");
        Answer byAccessor = root("POST", "auth/token/lookup-accessor", "{\"accessor\":\"" + accessor + "\"}");
        assertThat(byAccessor.json().getJsonObject("data").getString("id")).isEmpty();
        assertThat(root("POST", "auth/token/lookup-accessor", "{\"accessor\":\"nope\"}").error())
                .isEqualTo("1 error occurred:\n\t* invalid accessor\n\n");
        assertThat(root("POST", "auth/token/lookup-accessor", "{}").error()).isEqualTo("1 error occurred:\n\t* missing accessor\n\n");
        assertThat(root("POST", "auth/token/revoke", "{\"token\":\"hvs.unknown\"}").status()).isEqualTo(204);
        Answer unknownAccessor = root("POST", "auth/token/revoke-accessor", "{\"accessor\":\"nope\"}");
        assertThat(unknownAccessor.status()).isEqualTo(200);
        assertThat(unknownAccessor.json().getJsonArray("warnings").getString(0)).isEqualTo("No token found with this accessor");
        assertThat(root("POST", "auth/token/revoke-accessor", "{\"accessor\":\"" + accessor + "\"}").status()).isEqualTo(204);
        assertThat(as(other, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
    }

    @Test
    void i6RevokingAParentRevokesItsChildrenButNotOrphans() {
        root("PUT", "sys/policies/acl/creator", "{\"policy\":\"path \\\"auth/token/create*\\\" { capabilities = [\\\"update\\\", \\\"sudo\\\"] }\"}");
        String parent = createToken("{\"policies\":[\"creator\",\"default\"]}");
        String child = as(parent, "POST", "auth/token/create", "{}").json().getJsonObject("auth").getString("client_token");
        Answer orphanAnswer = as(parent, "POST", "auth/token/create-orphan", "{}");
        assertThat(orphanAnswer.status()).as(orphanAnswer.toString()).isEqualTo(200);
        String orphan = orphanAnswer.json().getJsonObject("auth").getString("client_token");
        assertThat(as(child, "GET", "auth/token/lookup-self", null).json().getJsonObject("data").getBoolean("orphan")).isFalse();
        assertThat(root("POST", "auth/token/revoke", "{\"token\":\"" + parent + "\"}").status()).isEqualTo(204);
        assertThat(as(child, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
        assertThat(as(orphan, "GET", "auth/token/lookup-self", null).status()).isEqualTo(200);
    }

    @Test
    void i7I8ChildTokenRules() {
        root("PUT", "sys/policies/acl/maker", "{\"policy\":\"path \\\"auth/token/create\\\" { capabilities = [\\\"update\\\"] }\"}");
        String maker = createToken("{\"policies\":[\"maker\",\"default\"]}");
        assertThat(as(maker, "POST", "auth/token/create", "{\"policies\":[\"other\"]}").error()).isEqualTo("child policies must be subset of parent");
        assertThat(as(maker, "POST", "auth/token/create", "{\"period\":\"1h\"}").error()).isEqualTo("root or sudo privileges required to create periodic token");
        assertThat(as(maker, "POST", "auth/token/create", "{\"no_parent\":true}").error()).isEqualTo("root or sudo privileges required to create orphan token");
        assertThat(as(maker, "POST", "auth/token/create", "{\"id\":\"x\"}").error()).isEqualTo("specifying a token ID is not supported by this server");
        Answer ghost = root("POST", "auth/token/create", "{\"policies\":[\"ghost\"]}");
        assertThat(ghost.json().getJsonArray("warnings").getString(0)).isEqualTo("Policy \"ghost\" does not exist");
        assertThat(ghost.json().getJsonObject("auth").getJsonArray("policies").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("default", "ghost");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = createToken("{\"policies\":[\"default\"],\"ttl\":\"2s\"}");
        assertThat(as(token, "GET", "auth/token/lookup-self", null).status()).isEqualTo(200);
        advance(Duration.ofSeconds(3));
        assertThat(as(token, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
    }

    @Test
    void i9ALimitedUseTokenIsRevokedAfterItsLastUse() {
        String token = createToken("{\"policies\":[\"default\"],\"num_uses\":2}");
        Answer first = as(token, "GET", "auth/token/lookup-self", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().getJsonObject("data").getInt("num_uses")).isEqualTo(1);
        assertThat(as(token, "GET", "auth/token/lookup-self", null).status()).isEqualTo(200);
        assertThat(as(token, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);

        // a last use that fails still uses the token up: it never becomes unlimited
        String once = createToken("{\"policies\":[\"default\"],\"num_uses\":1}");
        assertThat(as(once, "POST", "auth/token/lookup-self", null).status()).as("denied, but a use").isEqualTo(403);
        assertThat(as(once, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
        String twice = createToken("{\"policies\":[\"default\"],\"num_uses\":2}");
        assertThat(as(twice, "POST", "auth/token/renew-self", "{\"increment\":\"nonsense\"}").status()).isEqualTo(400);
        assertThat(as(twice, "POST", "auth/token/renew-self", "{\"increment\":\"nonsense\"}").status()).as("last use").isEqualTo(400);
        assertThat(as(twice, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
    }

    @Test
    void aBatchChildDiesWithItsParentAndPolicyNamesCannotHideRoot() {
        root("PUT", "sys/policies/acl/maker", "{\"policy\":\"path \\\"auth/token/create\\\" { capabilities = [\\\"update\\\"] }\"}");
        String parent = createToken("{\"policies\":[\"maker\",\"default\"]}");
        Answer child = as(parent, "POST", "auth/token/create", "{\"type\":\"batch\",\"ttl\":\"1h\"}");
        String batch = child.json().getJsonObject("auth").getString("client_token");
        assertThat(as(batch, "GET", "auth/token/lookup-self", null).status()).isEqualTo(200);
        assertThat(root("POST", "auth/token/revoke", "{\"token\":\"" + parent + "\"}").status()).isEqualTo(204);
        assertThat(as(batch, "GET", "auth/token/lookup-self", null).status()).as("the parent is gone").isEqualTo(403);

        Answer smuggled = root("POST", "auth/token/create", "{\"policies\":[\"x,root\"]}");
        assertThat(smuggled.status()).isEqualTo(400);
        assertThat(smuggled.error()).isEqualTo("invalid policy name \"x,root\"");
        assertThat(root("PUT", "auth/github/config", "{\"token_policies\":[\"a,root\"]}").status()).isEqualTo(400);

        String noDefault = createToken("{\"policies\":[\"maker\"],\"no_default_policy\":true}");
        Answer withDefault = as(noDefault, "POST", "auth/token/create", "{\"policies\":[\"maker\",\"default\"]}");
        assertThat(withDefault.json().getJsonObject("auth").getJsonArray("policies").getValuesAs(jakarta.json.JsonString::getString))
                .as("no policy the parent lacks").containsExactly("maker");
    }

    @Test
    void constraintsSeeTypedValuesAndUpperCaseKeysCannotSlipPastADeny() {
        root("PUT", "sys/policies/acl/mapper", "{\"policy\":\"path \\\"auth/github/map/teams/*\\\" { capabilities = "
                + "[\\\"create\\\", \\\"update\\\"] }\\npath \\\"auth/github/map/teams/admins\\\" { capabilities = [\\\"deny\\\"] }\"}");
        String mapper = createToken("{\"policies\":[\"mapper\"]}");
        assertThat(as(mapper, "PUT", "auth/github/map/teams/devs", "{\"value\":\"dev\"}").status()).isEqualTo(204);
        assertThat(as(mapper, "PUT", "auth/github/map/teams/admins", "{\"value\":\"root2\"}").status()).isEqualTo(403);
        assertThat(as(mapper, "PUT", "auth/github/map/teams/ADMINS", "{\"value\":\"root2\"}").status()).isEqualTo(403);
        assertThat(root("GET", "auth/github/map/teams/admins", null).raw()).doesNotContain("root2");

        root("PUT", "sys/policies/acl/dev-maker", "{\"policy\":\"path \\\"auth/token/create\\\" { capabilities = "
                + "[\\\"update\\\", \\\"sudo\\\"] allowed_parameters = { \\\"policies\\\" = [\\\"dev*\\\"] } }\"}");
        String devMaker = createToken("{\"policies\":[\"dev-maker\"]}");
        assertThat(as(devMaker, "POST", "auth/token/create", "{\"policies\":\"dev,dev-ops\"}").status()).isEqualTo(200);
        assertThat(as(devMaker, "POST", "auth/token/create", "{\"policies\":\"dev,admin\"}").status())
                .as("a comma string is checked element by element").isEqualTo(403);
        root("DELETE", "auth/github/map/teams/devs", null);
    }

    @Test
    void malformedPercentEncodingIsABadRequest() throws Exception {
        // the JDK's HTTP client refuses to send such a URL, so this one goes over a plain socket
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /v1/auth/token/lookup-self?x=%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 400").contains("invalid percent-encoding in the request URL");
        }
    }

    // ---- the GitHub auth method ----

    private String configBody(String extra) {
        return "{\"organization\":\"foo-org\",\"base_url\":\"" + github.baseUrl() + "\"" + extra + "}";
    }

    /** The team mappings every test starts with; the user map starts empty. */
    private static final Map<String, String> BASELINE_TEAMS = Map.of("foo-team", "p1", "foo-team-elsewhere", "never");

    /**
     * The auth method's config is a singleton and the maps are shared: before every test both are put back to one
     * baseline (every token setting at its default, the baseline team mappings, no user mapping), so no test depends
     * on what another one changed. The facts of a node where nothing is configured yet are RestartIT's (D3).
     */
    @org.junit.jupiter.api.BeforeEach
    void theGithubAuthMethodAtItsBaseline() {
        Answer config = root("PUT", "auth/github/config", configBody(",\"organization_id\":12345,\"token_policies\":[],"
                + "\"token_ttl\":0,\"token_max_ttl\":0,\"token_explicit_max_ttl\":0,\"token_period\":0,\"token_bound_cidrs\":[],"
                + "\"token_no_default_policy\":false,\"token_num_uses\":0,\"token_type\":\"default\""));
        assertThat(config.status()).as(config.toString()).isEqualTo(204);
        for (String kind : List.of("teams", "users")) {
            Answer keys = root("LIST", "auth/github/map/" + kind, null);
            if (keys.status() == 200) {
                for (String key : keys.json().getJsonObject("data").getJsonArray("keys").getValuesAs(jakarta.json.JsonString::getString)) {
                    if (!kind.equals("teams") || !BASELINE_TEAMS.containsKey(key)) {
                        assertThat(root("DELETE", "auth/github/map/" + kind + "/" + key, null).status()).isEqualTo(204);
                    }
                }
            }
        }
        BASELINE_TEAMS.forEach((team, policies) -> assertThat(root("PUT", "auth/github/map/teams/" + team,
                "{\"value\":\"" + policies + "\"}").status()).isEqualTo(204));
        github.clearFaults();
        github.resetCalls();
    }

    private Answer login(String pat) {
        return vault().send("POST", "auth/github/login", "{\"token\":\"" + pat + "\"}");
    }

    @Test
    void a5AndA1TheConfigLooksUpTheOrganizationsId() {
        Answer written = root("PUT", "auth/github/config", configBody(",\"organization_id\":0"));
        assertThat(written.status()).as(written.toString()).isEqualTo(204);
        assertThat(github.calls()).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("/orgs/foo-org");
            assertThat(c.headers().get("authorization")).as("A3: the lookup token").isEqualTo("Bearer foobar");
        });
        assertThat(root("GET", "auth/github/config", null).raw()).doesNotContain("foobar");
        JsonObject config = root("GET", "auth/github/config", null).json().getJsonObject("data");
        assertThat(config.getJsonNumber("organization_id").longValue()).isEqualTo(12345);
        assertThat(config.getString("organization")).isEqualTo("foo-org");
        assertThat(config.getString("base_url")).endsWith("/");
        assertThat(config.getJsonArray("token_policies")).isEmpty();
        assertThat(config.getString("token_type")).isEqualTo("default");
        assertThat(config).doesNotContainKey("ttl");
        assertThat(root("PUT", "auth/github/config", "{\"organization\":\"\"}").error()).isEqualTo("organization is a required parameter");
        Answer badType = root("PUT", "auth/github/config", "{\"token_type\":\"batch\",\"token_period\":\"1h\"}");
        assertThat(badType.error()).isEqualTo("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
        assertThat(root("PUT", "auth/github/config", "{\"base_url\":\"not a url\"}").error()).startsWith("error parsing given base_url: ");
        assertThat(root("PUT", "auth/github/config", "{\"token_ttl\":\"2h\",\"token_max_ttl\":\"1h\"}").error())
                .isEqualTo("'token_ttl' cannot be greater than 'token_max_ttl'");
    }

    @Test
    void a6G2G3G4LoginMapsTeamsBySlugAndUsersAndIgnoresOtherOrgs() {
        assertThat(root("PUT", "auth/github/map/teams/foo-team", "{\"value\":\"p1\"}").status()).isEqualTo(204);
        assertThat(root("PUT", "auth/github/map/teams/foo-team-elsewhere", "{\"value\":\"never\"}").status()).isEqualTo(204);
        assertThat(root("PUT", "auth/github/map/users/default", "{\"value\":\"Dev, OPS,dev\"}").status()).isEqualTo(204);
        Answer login = login(PAT);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        JsonObject auth = login.json().getJsonObject("auth");
        assertThat(auth.getString("client_token")).matches("^hvs\\.[0-9A-Za-z]{43}$");
        assertThat(auth.getJsonObject("metadata").getString("org")).isEqualTo("foo-org");
        assertThat(auth.getJsonObject("metadata").getString("username")).isEqualTo("user-foo");
        assertThat(auth.getJsonArray("policies").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("default", "dev", "ops", "p1");
        assertThat(auth.getJsonNumber("lease_duration").longValue()).as("the system default").isEqualTo(86400);
        assertThat(auth.getBoolean("renewable")).isTrue();
        assertThat(auth.getBoolean("orphan")).isTrue();
        assertThat(auth.getString("token_type")).isEqualTo("service");
        assertThat(login.json().getBoolean("renewable")).isFalse();
        assertThat(login.json().getJsonNumber("lease_duration").longValue()).isZero();
        assertThat(login.json().getString("mount_type")).isEqualTo("github");
        JsonObject self = as(auth.getString("client_token"), "GET", "auth/token/lookup-self", null).json().getJsonObject("data");
        assertThat(self.getString("display_name")).isEqualTo("github-user-foo");
        assertThat(self.getString("path")).isEqualTo("auth/github/login");
        assertThat(self.getString("entity_id")).isNotEmpty();
        root("DELETE", "auth/github/map/users/default", null);
    }

    @Test
    void c3C4J7MapsListReadAndTellCreateFromUpdate() {
        Answer list = root("LIST", "auth/github/map/teams", null);
        assertThat(list.json().getJsonObject("data").getJsonArray("keys").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("foo-team", "foo-team-elsewhere");
        for (String variant : new String[] {"auth/github/map/teams?list=true", "auth/github/map/teams?list=1", "auth/github/map/teams/?list=true"}) {
            assertThat(root("GET", variant, null).json().getJsonObject("data")).as(variant).isEqualTo(list.json().getJsonObject("data"));
        }
        Answer emptyList = root("LIST", "auth/github/map/users", null);
        assertThat(emptyList.status()).isEqualTo(404);
        assertThat(emptyList.raw()).isEqualTo("{\"errors\":[]}");
        Answer emptyRead = root("GET", "auth/github/map/users", null);
        assertThat(emptyRead.status()).isEqualTo(200);
        assertThat(emptyRead.json().getJsonObject("data")).isEmpty();
        assertThat(root("PUT", "auth/github/map/teams/DEV", "{\"value\":\"dev-policy\",\"token_policies\":\"x\"}").status()).isEqualTo(204);
        JsonObject echoed = root("GET", "auth/github/map/teams/dev", null).json().getJsonObject("data");
        assertThat(echoed.getString("key")).isEqualTo("DEV");
        assertThat(echoed.getString("value")).isEqualTo("dev-policy");
        assertThat(echoed.getString("token_policies")).isEqualTo("x");
        assertThat(root("GET", "auth/github/map/teams/missing", null).json().get("data")).isEqualTo(jakarta.json.JsonValue.NULL);
        assertThat(root("GET", "auth/github/map/teams/foo%20team", null).status()).as("G2: names with spaces have no route").isEqualTo(404);

        root("PUT", "sys/policies/acl/updater", "{\"policy\":\"path \\\"auth/github/map/teams/*\\\" { capabilities = [\\\"update\\\"] }\"}");
        root("PUT", "sys/policies/acl/creator-only", "{\"policy\":\"path \\\"auth/github/map/teams/*\\\" { capabilities = [\\\"create\\\"] }\"}");
        String updater = createToken("{\"policies\":[\"updater\"]}");
        String creator = createToken("{\"policies\":[\"creator-only\"]}");
        assertThat(as(updater, "PUT", "auth/github/map/teams/brand-new", "{\"value\":\"a\"}").status()).isEqualTo(403);
        assertThat(as(creator, "PUT", "auth/github/map/teams/brand-new", "{\"value\":\"a\"}").status()).isEqualTo(204);
        assertThat(as(creator, "PUT", "auth/github/map/teams/brand-new", "{\"value\":\"b\"}").status()).isEqualTo(403);
        assertThat(as(updater, "PUT", "auth/github/map/teams/brand-new", "{\"value\":\"b\"}").status()).isEqualTo(204);
        assertThat(root("DELETE", "auth/github/map/teams/brand-new", null).status()).isEqualTo(204);
        assertThat(root("DELETE", "auth/github/map/teams/dev", null).status()).isEqualTo(204);
    }

    @Test
    void h1AndH2RenewalReverifiesAndComparesOnlyMappedPolicies() {
        assertThat(root("PUT", "auth/github/config", "{\"token_policies\":[\"abc\"],\"token_ttl\":\"24h\"}").status()).isEqualTo(204);
        Answer login = login(PAT);
        String token = login.json().getJsonObject("auth").getString("client_token");
        assertThat(login.json().getJsonObject("auth").getJsonArray("policies").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("abc", "default", "p1");
        github.resetCalls();
        Answer renewed = as(token, "POST", "auth/token/renew-self", "{\"increment\":\"1h\"}");
        assertThat(renewed.status()).as("H1 (Vault would refuse): " + renewed).isEqualTo(200);
        assertThat(renewed.json().getJsonObject("auth").getJsonNumber("lease_duration").longValue()).isEqualTo(3600);
        assertThat(renewed.json().getJsonObject("auth").getString("client_token")).isEqualTo(token);
        assertThat(github.calls()).extracting(GitHubSimulator.RecordedCall::routeKey)
                .containsExactly(GitHubSimulator.USER, GitHubSimulator.USER_ORGS, GitHubSimulator.USER_TEAMS);
        assertThat(github.calls()).as("repeated verification uses conditional requests")
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(304));

        root("PUT", "auth/github/map/teams/owners", "{\"value\":\"extra\"}");
        Answer changed = as(token, "POST", "auth/token/renew-self", null);
        assertThat(changed.status()).isEqualTo(500);
        assertThat(changed.error()).isEqualTo("1 error occurred:\n\t* failed to renew entry: policies do not match\n\n");
        assertThat(as(token, "GET", "auth/token/lookup-self", null).status()).as("a failed renewal does not revoke").isEqualTo(200);
        root("DELETE", "auth/github/map/teams/owners", null);
        root("PUT", "auth/github/config", "{\"token_policies\":[],\"token_ttl\":0}");
    }

    @Test
    void a7A8G9G6LoginErrorsArePlainAndClear() {
        root("PUT", "auth/github/config", "{\"organization\":\"old-name\",\"organization_id\":12345}");
        Answer renamed = login(PAT);
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().getJsonArray("warnings").getValuesAs(jakarta.json.JsonString::getString)).containsExactly(
                "the organization name has changed to \"foo-org\". It is recommended to verify and update the organization name in the config: organization_id=12345");
        root("PUT", "auth/github/config", "{\"organization\":\"foo-org\",\"organization_id\":9999}");
        Answer notMember = login(PAT);
        assertThat(notMember.status()).isEqualTo(500);
        assertThat(notMember.error()).isEqualTo("user is not part of required org");
        root("PUT", "auth/github/config", "{\"organization_id\":12345}");
        Answer badPat = login("ghp_unknown");
        assertThat(badPat.status()).isEqualTo(500);
        assertThat(badPat.error()).contains("401 Bad credentials").startsWith("GitHub rejected the token: GET ");
        assertThat(login("").error()).startsWith("GitHub token is missing");
        root("PUT", "auth/github/map/teams/foo-team", "{\"value\":\"Root\"}");
        Answer rootPolicy = login(PAT);
        assertThat(rootPolicy.status()).isEqualTo(400);
        assertThat(rootPolicy.error()).isEqualTo("auth methods cannot create root tokens");
        root("PUT", "auth/github/map/teams/foo-team", "{\"value\":\"p1\"}");
        root("PUT", "auth/github/config", "{\"token_bound_cidrs\":[\"10.0.0.0/8\"]}");
        github.resetCalls();
        Answer outside = login(PAT);
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.error()).isEqualTo("permission denied");
        assertThat(github.totalCalls()).as("no GitHub call before the CIDR check").isZero();
        root("PUT", "auth/github/config", "{\"token_bound_cidrs\":[]}");
        Answer form = vault().send("POST", "auth/github/login", "token=" + PAT, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.status()).as("C9: " + form).isEqualTo(200);
        assertThat(vault().send("GET", "auth/github/login", null).error()).isEqualTo("unsupported operation");
    }

    @Test
    void f1F3BatchTokensAreSealedAndCannotBeRenewedOrRevoked() {
        root("PUT", "auth/github/config", "{\"token_type\":\"batch\"}");
        try {
            Answer login = login(PAT);
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            JsonObject auth = login.json().getJsonObject("auth");
            String token = auth.getString("client_token");
            assertThat(token).startsWith("hvb.");
            assertThat(auth.getString("accessor")).isEmpty();
            assertThat(auth.getBoolean("renewable")).isFalse();
            assertThat(auth.getString("token_type")).isEqualTo("batch");
            JsonObject self = as(token, "GET", "auth/token/lookup-self", null).json().getJsonObject("data");
            assertThat(self.getString("type")).isEqualTo("batch");
            assertThat(self.getString("accessor")).as("F2").isEmpty();
            assertThat(self.getBoolean("renewable")).isFalse();
            assertThat(self.getJsonNumber("ttl").longValue()).isPositive()
                    .isLessThanOrEqualTo(auth.getJsonNumber("lease_duration").longValue());
            assertThat(as(token, "POST", "auth/token/renew-self", null).error()).isEqualTo("batch tokens cannot be renewed");
            assertThat(as(token, "POST", "auth/token/revoke-self", null).error()).isEqualTo("batch tokens cannot be revoked");
            String altered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
            assertThat(as(altered, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
        } finally {
            root("PUT", "auth/github/config", "{\"token_type\":\"default\"}");
        }
    }

    @Test
    void g1G5TheOrganizationIsFoundOnPageThreeAndDefaultCanBeLeftOut() {
        root("PUT", "auth/github/config", "{\"token_no_default_policy\":true}");
        try {
            github.resetCalls();
            Answer login = login(MANY_ORGS);
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            List<GitHubSimulator.RecordedCall> orgPages = github.calls().stream()
                    .filter(c -> c.routeKey().equals(GitHubSimulator.USER_ORGS)).toList();
            assertThat(orgPages).hasSize(3);
            assertThat(orgPages.get(0).query()).isEqualTo("per_page=100");
            assertThat(login.json().getJsonObject("auth").getJsonArray("policies")).as("G5: no default").isEmpty();
        } finally {
            root("PUT", "auth/github/config", "{\"token_no_default_policy\":false}");
        }
    }

    @Test
    void repeatedLoginsAndRenewalsFollowEveryPageWhenGitHubAnswers304() {
        // GitHub's 304 carries no Link header: the stored one must survive revalidation (RFC 9111 §4.3.4)
        root("PUT", "auth/github/map/teams/paged-team-140", "{\"value\":\"paged-policy\"}");
        try {
            String token = null;
            for (int round = 1; round <= 3; round++) {
                github.resetCalls();
                Answer login = login(MANY_ORGS);
                assertThat(login.status()).as("login " + round + ": " + login).isEqualTo(200);
                assertThat(login.json().getJsonObject("auth").getJsonArray("policies").toString()).as("the team on page 2")
                        .contains("\"paged-policy\"");
                List<GitHubSimulator.RecordedCall> orgPages = github.calls().stream()
                        .filter(c -> c.routeKey().equals(GitHubSimulator.USER_ORGS)).toList();
                assertThat(orgPages).as("login " + round + " reads every page of /user/orgs").hasSize(3);
                if (round > 1) {
                    assertThat(orgPages).as("revalidated, not fetched again").allSatisfy(c -> assertThat(c.status()).isEqualTo(304));
                }
                token = login.json().getJsonObject("auth").getString("client_token");
            }
            for (int renewal = 1; renewal <= 2; renewal++) {
                Answer renewed = vault().send("POST", "auth/token/renew-self", "{}", "X-Vault-Token", token);
                assertThat(renewed.status()).as("renewal " + renewal + ": " + renewed).isEqualTo(200);
            }
        } finally {
            root("DELETE", "auth/github/map/teams/paged-team-140", null);
        }
    }

    @Test
    void g8ATrustedProxysForwardedForIsTheClientForBoundCidrs() {
        root("PUT", "auth/github/config", "{\"token_bound_cidrs\":[\"10.0.0.0/8\"]}");
        try {
            assertThat(login(PAT).status()).as("the peer 127.0.0.1 is outside 10/8").isEqualTo(403);
            Answer forwarded = vault().send("POST", "auth/github/login", "{\"token\":\"" + PAT + "\"}",
                    "X-Forwarded-For", "10.1.2.3, 127.0.0.1");
            assertThat(forwarded.status()).as(forwarded.toString()).isEqualTo(200);
            String token = forwarded.json().getJsonObject("auth").getString("client_token");
            assertThat(vault().send("GET", "auth/token/lookup-self", null, "X-Vault-Token", token).status())
                    .as("the token is bound to 10/8 too").isEqualTo(403);
            assertThat(vault().send("GET", "auth/token/lookup-self", null, "X-Vault-Token", token, "X-Forwarded-For", "10.9.9.9")
                    .status()).isEqualTo(200);
            Answer bogus = vault().send("POST", "auth/github/login", "{\"token\":\"" + PAT + "\"}", "X-Forwarded-For", "evil.example");
            assertThat(bogus.status()).isEqualTo(400);
            assertThat(bogus.error()).isEqualTo("invalid X-Forwarded-For header");
        } finally {
            root("PUT", "auth/github/config", "{\"token_bound_cidrs\":[]}");
        }
    }

    @Test
    void h3H7RenewalFollowsMembershipAndTheCurrentTtl() {
        String token = login(LEAVER).json().getJsonObject("auth").getString("client_token");
        root("PUT", "auth/github/config", "{\"token_ttl\":\"30m\"}");
        Answer renewed = as(token, "POST", "auth/token/renew-self", null);
        assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
        assertThat(renewed.json().getJsonObject("auth").getJsonNumber("lease_duration").longValue()).as("H7").isEqualTo(1800);
        root("PUT", "auth/github/config", "{\"token_ttl\":0}");
        github.removeUserOrganization(LEAVER, "foo-org");
        Answer left = as(token, "POST", "auth/token/renew-self", null);
        assertThat(left.status()).isEqualTo(500);
        assertThat(left.error()).isEqualTo("1 error occurred:\n\t* failed to renew entry: user is not part of required org\n\n");
        assertThat(as(token, "GET", "auth/token/lookup-self", null).status()).as("still valid until it expires").isEqualTo(200);
        github.addUserOrganization(LEAVER, "foo-org", 12345);
    }

    @Test
    void a2A4TheOrganizationIdIsLookedUpOnlyWhenNeededAndZeroIsRefused() {
        github.resetCalls();
        assertThat(root("PUT", "auth/github/config", "{\"organization\":\"foo-org\",\"organization_id\":98765}").status()).isEqualTo(204);
        assertThat(github.totalCalls()).as("A2: an explicit id needs no lookup").isZero();
        assertThat(root("GET", "auth/github/config", null).json().getJsonObject("data").getJsonNumber("organization_id").longValue())
                .isEqualTo(98765);
        github.enqueue(GitHubSimulator.ORG, GitHubSimulator.Fault.status(200).withBody("{\"login\":\"foo-org\",\"id\":0}"));
        Answer zero = root("PUT", "auth/github/config", "{\"organization_id\":0}");
        assertThat(zero.status()).isEqualTo(500);
        assertThat(zero.error()).isEqualTo("1 error occurred:\n\t* unable to fetch the organization_id, you must manually set it "
                + "in the config: organization_id not found for foo-org\n\n");
        root("PUT", "auth/github/config", "{\"organization_id\":12345}");
    }

    @Test
    void a10LoginTtlsFollowTheLegacyFieldsAndAreCappedBySystemMax() {
        try {
            assertThat(root("PUT", "auth/github/config", "{\"ttl\":\"\",\"max_ttl\":\"\"}").status()).isEqualTo(204);
            Answer a = login(PAT);
            assertThat(a.json().getJsonObject("auth").getJsonNumber("lease_duration").longValue()).as("(a) " + a).isEqualTo(86400);
            assertThat(a.json().isNull("warnings")).as("(a) no warning").isTrue();

            assertThat(root("PUT", "auth/github/config", "{\"ttl\":\"1h\",\"max_ttl\":\"2h\"}").status()).isEqualTo(204);
            Answer b = login(PAT);
            assertThat(b.json().getJsonObject("auth").getJsonNumber("lease_duration").longValue()).as("(b) " + b).isEqualTo(3600);
            assertThat(b.json().isNull("warnings")).as("(b) no warning").isTrue();

            assertThat(root("PUT", "auth/github/config", "{\"ttl\":\"50h\",\"max_ttl\":\"50h\"}").status()).isEqualTo(204);
            Answer c = login(PAT);
            assertThat(c.json().getJsonObject("auth").getJsonNumber("lease_duration").longValue()).as("(c) " + c).isEqualTo(172800);
            assertThat(c.json().getJsonArray("warnings").getValuesAs(jakarta.json.JsonString::getString)).containsExactly(
                    "TTL of \"50h\" exceeded the effective max_ttl of \"48h\"; TTL value is capped accordingly");
        } finally {
            root("PUT", "auth/github/config", "{\"token_ttl\":0,\"token_max_ttl\":0}");
        }
    }

    @Test
    void a11TokenPoliciesTeamAndUserMappingsCombine() {
        root("PUT", "auth/github/config", "{\"organization\":\"FOO-ORG\",\"token_policies\":[\"abc\"]}");
        root("PUT", "auth/github/map/teams/default", "{\"value\":\"fakepol\"}");
        root("PUT", "auth/github/map/teams/oWnErs", "{\"value\":\"fakepol\"}");
        try {
            assertThat(root("LIST", "auth/github/map/teams", null).json().getJsonObject("data").getJsonArray("keys")
                    .getValuesAs(jakarta.json.JsonString::getString)).contains("owners");
            Answer login = login(PAT);
            assertThat(login.status()).as("matched by id despite the case of the name").isEqualTo(200);
            assertThat(login.json().getJsonObject("auth").getJsonArray("policies").getValuesAs(jakarta.json.JsonString::getString))
                    .containsExactly("abc", "default", "fakepol", "p1");
            root("PUT", "auth/github/map/users/user-foo", "{\"value\":\"userpolicy\"}");
            assertThat(login(PAT).json().getJsonObject("auth").getJsonArray("policies").getValuesAs(jakarta.json.JsonString::getString))
                    .containsExactly("abc", "default", "fakepol", "p1", "userpolicy");
        } finally {
            root("DELETE", "auth/github/map/users/user-foo", null);
            root("DELETE", "auth/github/map/teams/default", null);
            root("DELETE", "auth/github/map/teams/owners", null);
            root("PUT", "auth/github/config", "{\"organization\":\"foo-org\",\"token_policies\":[]}");
        }
    }

    @Test
    void g10GitHubTroubleAtLoginIsA500WithAClearMessage() {
        github.enqueue(GitHubSimulator.USER, GitHubSimulator.Fault.status(503));
        Answer down = login(PAT);
        assertThat(down.status()).isEqualTo(500);
        assertThat(down.error()).startsWith("cannot reach GitHub: GET ").endsWith("user failed: 503");
        github.enqueue(GitHubSimulator.USER, GitHubSimulator.Fault.status(403).withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", String.valueOf(WORLD.instant().plusSeconds(600).getEpochSecond())));
        Answer limited = login(LIMITED);
        assertThat(limited.status()).isEqualTo(500);
        assertThat(limited.error()).startsWith("GitHub API rate limit exceeded (GET ").contains("the limit resets at ");
    }

    @Test
    void h8I4MixedCaseMappingsRenewAndOtherTokensRenewByTokenOrAccessor() {
        root("PUT", "auth/github/map/teams/foo-team", "{\"value\":\"Dev,p1\"}");
        try {
            String token = login(PAT).json().getJsonObject("auth").getString("client_token");
            assertThat(as(token, "POST", "auth/token/renew-self", null).status()).as("H8").isEqualTo(200);
            String accessor = as(token, "GET", "auth/token/lookup-self", null).json().getJsonObject("data").getString("accessor");
            Answer byToken = root("POST", "auth/token/renew", "{\"token\":\"" + token + "\"}");
            assertThat(byToken.json().getJsonObject("auth").getString("client_token")).isEqualTo(token);
            Answer byAccessor = root("POST", "auth/token/renew-accessor", "{\"accessor\":\"" + accessor + "\"}");
            assertThat(byAccessor.status()).as(byAccessor.toString()).isEqualTo(200);
            assertThat(byAccessor.json().getJsonObject("auth").getString("client_token")).isEmpty();
            assertThat(root("POST", "auth/token/renew", "{}").error()).isEqualTo("missing token ID");
            assertThat(root("POST", "auth/token/renew-self", null).error()).as("a root token does not expire")
                    .isEqualTo("lease is not renewable");
        } finally {
            root("PUT", "auth/github/map/teams/foo-team", "{\"value\":\"p1\"}");
        }
    }

    @Test
    void f5F6BatchTokensLoseDeletedPoliciesAtOnceAndForbidPeriodsAndUses() {
        root("PUT", "sys/policies/acl/batchy", "{\"policy\":\"path \\\"sys/policies/acl\\\" { capabilities = [\\\"list\\\"] }\"}");
        root("PUT", "auth/github/map/teams/foo-team", "{\"value\":\"p1,batchy\"}");
        root("PUT", "auth/github/config", "{\"token_type\":\"batch\"}");
        try {
            String token = login(PAT).json().getJsonObject("auth").getString("client_token");
            assertThat(as(token, "LIST", "sys/policies/acl", null).status()).isEqualTo(200);
            root("DELETE", "sys/policies/acl/batchy", null);
            assertThat(as(token, "LIST", "sys/policies/acl", null).status()).as("F5").isEqualTo(403);
            assertThat(root("PUT", "auth/github/config", "{\"token_num_uses\":3}").error()).isEqualTo(
                    "'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count");
        } finally {
            root("PUT", "auth/github/config", "{\"token_type\":\"default\"}");
            root("PUT", "auth/github/map/teams/foo-team", "{\"value\":\"p1\"}");
        }
    }

    // ---- real clients, unchanged (vault-api.md §8 L1, L3) ----

    private String address() {
        String url = base.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Test
    void l1VaultJavaDriverLogsInLooksUpRenewsAndRevokes() throws Exception {
        io.github.jopenlibs.vault.Vault anonymous = io.github.jopenlibs.vault.Vault.create(
                new io.github.jopenlibs.vault.VaultConfig().address(address()).engineVersion(1).build());
        io.github.jopenlibs.vault.response.AuthResponse login = anonymous.auth().loginByGithub(PAT);
        String token = login.getAuthClientToken();
        assertThat(token).startsWith("hvs.");
        assertThat(login.getAuthPolicies()).contains("default", "p1");
        assertThat(login.getRenewable()).isFalse();
        io.github.jopenlibs.vault.Vault vault = io.github.jopenlibs.vault.Vault.create(
                new io.github.jopenlibs.vault.VaultConfig().address(address()).token(token).engineVersion(1).build());
        io.github.jopenlibs.vault.response.LookupResponse self = vault.auth().lookupSelf();
        assertThat(self.getPath()).isEqualTo("auth/github/login");
        assertThat(self.getDisplayName()).isEqualTo("github-user-foo");
        assertThat(self.getPolicies()).contains("default", "p1");
        assertThat(self.getLastRenewalTime()).isNull();
        assertThat(vault.auth().renewSelf().getAuthClientToken()).isEqualTo(token);
        assertThat(vault.auth().renewSelf(3600).getAuthLeaseDuration()).isEqualTo(3600);
        assertThat(vault.auth().lookupSelf().getLastRenewalTime()).isNotNull();
        vault.auth().revokeSelf();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vault.auth().lookupSelf())
                .isInstanceOfSatisfying(io.github.jopenlibs.vault.VaultException.class,
                        e -> assertThat(e.getHttpStatusCode()).isEqualTo(403));
    }

    @Test
    void l3SpringVaultAuthenticatesWithGitHubAndManagesItsSessionAndPolicies() {
        org.springframework.vault.client.VaultEndpoint endpoint = org.springframework.vault.client.VaultEndpoint.from(
                java.net.URI.create(address()));
        org.springframework.web.client.RestTemplate rest = org.springframework.vault.client.VaultClients.createRestTemplate(
                endpoint, new org.springframework.http.client.SimpleClientHttpRequestFactory());
        org.springframework.vault.core.VaultTemplate admin = new org.springframework.vault.core.VaultTemplate(endpoint,
                new org.springframework.vault.authentication.TokenAuthentication(ROOT));

        admin.write("auth/github/config", Map.of("organization", "foo-org", "organization_id", "12345",
                "base_url", github.baseUrl().toString()));
        assertThat(admin.read("auth/github/config").getData().get("organization_id")).isEqualTo(12345);
        admin.write("auth/github/map/teams/foo-team", Map.of("value", "p1"));
        assertThat(admin.read("auth/github/map/teams/foo-team").getData().get("value")).isEqualTo("p1");

        org.springframework.vault.authentication.GitHubAuthenticationOptions options =
                org.springframework.vault.authentication.GitHubAuthenticationOptions.builder().token(PAT).build();
        org.springframework.vault.authentication.GitHubAuthentication github =
                new org.springframework.vault.authentication.GitHubAuthentication(options, rest);
        assertThat(github.login().getToken()).as("B1").startsWith("hvs.");
        assertThat(new org.springframework.vault.authentication.AuthenticationStepsExecutor(
                org.springframework.vault.authentication.GitHubAuthentication.createAuthenticationSteps(options), rest)
                .login().getToken()).as("B2").startsWith("hvs.");

        org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler scheduler =
                new org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler();
        scheduler.initialize();
        try {
            org.springframework.vault.authentication.LifecycleAwareSessionManager session =
                    new org.springframework.vault.authentication.LifecycleAwareSessionManager(github, scheduler, rest);
            String sessionToken = session.getSessionToken().getToken();
            assertThat(session.renewToken()).isTrue();
            session.revoke();
            assertThat(as(sessionToken, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
        } finally {
            scheduler.shutdown();
        }

        org.springframework.vault.core.VaultSysOperations sys = admin.opsForSys();
        sys.createOrUpdatePolicy("spring", org.springframework.vault.support.Policy.of(
                org.springframework.vault.support.Policy.Rule.builder().path("github/token")
                        .capabilities(org.springframework.vault.support.Policy.BuiltinCapabilities.READ).build()));
        assertThat(sys.getPolicyNames()).contains("spring", "default", "root");
        assertThat(sys.getPolicy("spring").getRule("github/token")).isNotNull();
        assertThat(sys.health().isInitialized()).isTrue();

        admin.write("auth/github/config", Map.of("organization_id", "2"));
        org.assertj.core.api.Assertions.assertThatThrownBy(github::login)
                .hasMessageContaining("Cannot login using GitHub: user is not part of required org");
        admin.write("auth/github/config", Map.of("organization_id", "12345"));
    }
}
