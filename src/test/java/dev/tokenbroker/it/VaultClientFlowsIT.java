package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.TestKeys;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The clients platform teams use most on their way to a login, a token operation, a policy write or a GitHub token.
 * Spring Vault, the library under Spring Cloud Vault, runs here as it is. The others are built on Vault's Go
 * {@code api} package: the Vault CLI, Terraform's vault provider and Vault Agent. None of them can run here (no Go
 * toolchain, no binaries), so each test replays a client's calls as its source makes them, and names the source file. What every Go client does on every call: it sends
 * {@code X-Vault-Request: true} ({@code api/client.go}), lists with {@code GET .../?list=true} (a trailing slash
 * added, {@code command/list.go}), writes with {@code PUT}, and decodes the answer into Go types, so a field of the
 * wrong JSON type fails the client: the tests check types, not only values.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.Random.class)
class VaultClientFlowsIT {

    private static final String ROOT = "hvs.RootTokenForTheClientFlowsIT012345678";
    private static final String PAT = "ghp_personalTokenOfAGoClientUser";
    private static final long INSTALLATION = 4242;
    private static GitHubSimulator github;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        KeyPair appKey = TestKeys.rsa();
        github = GitHubSimulator.start("1", (RSAPublicKey) appKey.getPublic());
        github.addOrganization("foo-org", 12345);
        github.addUser(PAT, "gopher", 4711);
        github.addUserOrganization(PAT, "foo-org", 12345);
        github.addUserTeam(PAT, 1, "Platform", "platform", "foo-org", 12345);
        github.install("acme", INSTALLATION, 77, "Organization", Map.of("issues", "write", "metadata", "read"), List.of());
        return BrokerDeployment.of(Map.of(
                "broker.github.api-url", github.baseUrl().toString(),
                "broker.github.app-id", "1",
                "broker.github.private-key-file", BrokerDeployment.writeSecret("client-flows-it-app-key.pem",
                        TestKeys.pkcs1Pem(appKey)).toString(),
                "mp.jwt.verify.audiences", "broker.example.org",
                "broker.vault.encryption.key", Base64.getEncoder().encodeToString(new byte[32]),
                "broker.vault.root-token.value", ROOT,
                "broker.vault.health.version", "1.15.6"));
    }

    @AfterAll
    static void stopSimulator() {
        if (github != null) {
            github.close();
        }
    }

    /** The GitHub method configured, the team mapped, a permission set and the policies the tests use. */
    @BeforeEach
    void world() {
        ok(root("PUT", "auth/github/config", "{\"organization\":\"foo-org\",\"organization_id\":12345,\"base_url\":\""
                + github.baseUrl() + "\"}"));
        ok(root("PUT", "auth/github/map/teams/platform", "{\"value\":\"ci-reader\"}"));
        ok(root("PUT", "sys/policies/acl/ci-reader", "{\"policy\":\"path \\\"github/token/ci\\\" { capabilities = [\\\"read\\\"] }\"}"));
        ok(root("PUT", "github/permissionset/ci", "{\"installation_id\":" + INSTALLATION + ",\"permissions\":\"issues=read\"}"));
    }

    // ---- the Vault CLI -------------------------------------------------------------------------------------------

    /** {@code vault status}: {@code command/format.go} (OutputSealStatus), {@code api/sys_seal.go}, {@code api/sys_leader.go}. */
    @Test
    void cliStatusReadsTheSealStatusThenTheLeaderWithoutAToken() {
        Answer seal = go("GET", "sys/seal-status", null, null);
        assertThat(seal.status()).as(seal.toString()).isEqualTo(200);
        JsonObject s = seal.json();
        assertThat(s.getString("type")).isEqualTo("shamir");
        assertThat(s.getBoolean("initialized")).isTrue();
        assertThat(s.getBoolean("sealed")).isFalse();
        for (String number : List.of("t", "n", "progress")) {
            assertThat(s.get(number)).as(number).isInstanceOf(JsonNumber.class);
        }
        assertThat(s.getString("nonce")).isEmpty();
        assertThat(s.getString("version")).isEqualTo("1.15.6");
        assertThat(OffsetDateTime.parse(s.getString("build_date"))).isNotNull();
        assertThat(s.getBoolean("migration")).isFalse();
        assertThat(s.getBoolean("recovery_seal")).isFalse();
        assertThat(s.getString("cluster_name")).isNotEmpty();
        assertThat(s).doesNotContainKey("data");

        Answer leader = go("GET", "sys/leader", null, null);
        assertThat(leader.status()).isEqualTo(200);
        JsonObject l = leader.json();
        assertThat(l.getBoolean("ha_enabled")).isFalse();
        assertThat(l.getBoolean("is_self")).isFalse();
        assertThat(OffsetDateTime.parse(l.getString("active_time"))).as("Go decodes a time.Time").isNotNull();
        assertThat(l.getString("leader_address")).isEmpty();
        assertThat(l.get("performance_standby_last_remote_wal")).isInstanceOf(JsonNumber.class);
        assertThat(go("PUT", "sys/seal-status", "{}", null).status()).isEqualTo(405);
    }

    /** {@code vault auth list}, {@code vault secrets list}: {@code api/sys_auth.go} (ListAuth), {@code api/sys_mounts.go} (ListMounts). */
    @Test
    void cliAuthListAndSecretsListReadTheMountTables() {
        Answer auth = go("GET", "sys/auth", null, ROOT);
        assertThat(auth.status()).as(auth.toString()).isEqualTo(200);
        JsonObject methods = auth.json().getJsonObject("data");
        assertThat(methods.keySet()).containsExactlyInAnyOrder("github/", "jwt/", "token/");
        assertMount(methods.getJsonObject("github/"), "github", "auth_github_[0-9a-f]{8}");
        assertMount(methods.getJsonObject("token/"), "token", "auth_token_[0-9a-f]{8}");
        assertMount(methods.getJsonObject("jwt/"), "jwt", "auth_jwt_[0-9a-f]{8}");
        assertThat(methods.getJsonObject("github/").getJsonObject("config").getString("token_type")).isEqualTo("default-service");
        assertThat(auth.json().getJsonObject("github/")).as("older clients read the top-level copy")
                .isEqualTo(methods.getJsonObject("github/"));

        JsonObject engines = go("GET", "sys/mounts", null, ROOT).json().getJsonObject("data");
        assertThat(engines.keySet()).containsExactlyInAnyOrder("github/", "sys/");
        assertMount(engines.getJsonObject("github/"), "vault-plugin-secrets-github", "vault-plugin-secrets-github_[0-9a-f]{8}");
        assertMount(engines.getJsonObject("sys/"), "system", "system_[0-9a-f]{8}");

        String plain = created("{\"policies\":[\"default\"]}");
        assertThat(go("GET", "sys/auth", null, plain).status()).as("read on sys/auth is needed").isEqualTo(403);
        assertThat(go("GET", "sys/mounts", null, plain).status()).isEqualTo(403);
        assertThat(go("POST", "sys/mounts/kv", "{\"type\":\"kv\"}", ROOT).status()).as("nothing can be mounted").isEqualTo(405);
        assertThat(go("DELETE", "sys/auth/github", null, ROOT).status()).as("nor disabled").isEqualTo(405);
        assertThat(go("POST", "sys/auth/github/tune", "{\"default_lease_ttl\":\"1h\"}", ROOT).status()).as("nor tuned").isEqualTo(405);
        assertThat(go("POST", "sys/mounts/auth/github/tune", "{\"default_lease_ttl\":\"1h\"}", ROOT).status()).isEqualTo(405);
    }

    private static void assertMount(JsonObject mount, String type, String accessor) {
        assertThat(mount.getString("type")).isEqualTo(type);
        assertThat(mount.getString("accessor")).matches(accessor);
        assertThat(mount.getString("description")).isNotNull();
        assertThat(mount.getString("uuid")).matches("[0-9a-f-]{36}");
        assertThat(mount.get("options")).isEqualTo(JsonValue.NULL);
        assertThat(mount.getBoolean("local")).isFalse();
        assertThat(mount.getBoolean("seal_wrap")).isFalse();
        JsonObject config = mount.getJsonObject("config");
        assertThat(config.get("default_lease_ttl")).isInstanceOf(JsonNumber.class);
        assertThat(config.get("max_lease_ttl")).isInstanceOf(JsonNumber.class);
        assertThat(config.getBoolean("force_no_cache")).isFalse();
    }

    /**
     * {@code api/sys_auth.go} GetAuth asks {@code sys/mounts/auth/<path>} (no sudo); Terraform reads the tuning there;
     * {@code sys/auth/<path>} needs sudo; unknown mounts get Vault's 400s ({@code vault/logical_system.go}).
     */
    @Test
    void aSingleMountAndItsTuningAreFoundByPath() {
        Answer github = go("GET", "sys/mounts/auth/github", null, ROOT);
        assertThat(github.status()).as(github.toString()).isEqualTo(200);
        assertThat(github.json().getJsonObject("data").getString("type")).isEqualTo("github");
        assertThat(go("GET", "sys/auth/github", null, ROOT).json().getJsonObject("data").getString("accessor"))
                .isEqualTo(github.json().getJsonObject("data").getString("accessor"));
        assertThat(go("GET", "sys/mounts/github/token/ci", null, ROOT).json().getJsonObject("data").getString("type"))
                .as("the longest mount prefix").isEqualTo("vault-plugin-secrets-github");

        JsonObject tune = go("GET", "sys/mounts/auth/github/tune", null, ROOT).json().getJsonObject("data");
        assertThat(tune.getJsonNumber("default_lease_ttl").longValue()).as("the system default, untuned").isEqualTo(768 * 3600);
        assertThat(tune.getJsonNumber("max_lease_ttl").longValue()).isEqualTo(768 * 3600);
        assertThat(tune.getString("token_type")).isEqualTo("default-service");
        assertThat(go("GET", "sys/auth/token/tune", null, ROOT).json().getJsonObject("data").getString("token_type"))
                .isEqualTo("default-service");

        Answer nowhere = go("GET", "sys/mounts/nowhere", null, ROOT);
        assertThat(nowhere.status()).isEqualTo(400);
        assertThat(nowhere.error()).isEqualTo("No secret engine mount at nowhere/");
        Answer noAuth = go("GET", "sys/auth/nowhere", null, ROOT);
        assertThat(noAuth.status()).isEqualTo(400);
        assertThat(noAuth.error()).isEqualTo("No auth engine at nowhere/");
        String reader = created("{\"policies\":[\"mount-reader\"]}", "mount-reader",
                "path \"sys/auth/*\" { capabilities = [\"read\"] }\npath \"sys/mounts/*\" { capabilities = [\"read\"] }");
        assertThat(go("GET", "sys/auth/github", null, reader).status()).as("sys/auth/<path> needs sudo").isEqualTo(403);
        assertThat(go("GET", "sys/mounts/auth/github", null, reader).status()).isEqualTo(200);
    }

    /**
     * {@code vault login -method=github}, then {@code vault token lookup|renew|capabilities|revoke}:
     * {@code builtin/credential/github/cli.go}, {@code command/token_renew.go}, {@code command/token_revoke.go},
     * {@code api/auth_token.go}, {@code api/sys_capabilities.go}.
     */
    @Test
    void cliLogsInWithGithubAndManagesItsToken() {
        Answer login = go("PUT", "auth/github/login", "{\"token\":\"" + PAT + "\"}", null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.json().getJsonObject("auth").getString("client_token");

        JsonObject self = go("GET", "auth/token/lookup-self", null, token).json().getJsonObject("data");
        assertThat(self.getString("id")).isEqualTo(token);
        assertThat(self.get("ttl")).isInstanceOf(JsonNumber.class);
        assertThat(self.getBoolean("renewable")).isTrue();
        assertThat(self.getString("type")).isEqualTo("service");
        String accessor = self.getString("accessor");

        Answer renewed = go("PUT", "auth/token/renew-self", "{\"increment\":3600}", token);
        assertThat(renewed.json().getJsonObject("auth").getJsonNumber("lease_duration").longValue()).isEqualTo(3600);

        Answer own = go("POST", "sys/capabilities-self", "{\"token\":\"" + token + "\",\"path\":\"github/token/ci\"}", token);
        assertThat(strings(own.json().getJsonObject("data").getJsonArray("github/token/ci"))).containsExactly("read");
        Answer other = go("POST", "sys/capabilities", "{\"token\":\"" + token + "\",\"path\":\"github/token/ci\"}", ROOT);
        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        assertThat(strings(other.json().getJsonObject("data").getJsonArray("capabilities"))).containsExactly("read");
        assertThat(strings(other.json().getJsonArray("github/token/ci"))).as("copied to the top level").containsExactly("read");
        Answer byAccessor = go("POST", "sys/capabilities-accessor",
                "{\"accessor\":\"" + accessor + "\",\"paths\":[\"github/token/ci\",\"sys/mounts\"]}", ROOT);
        assertThat(strings(byAccessor.json().getJsonObject("data").getJsonArray("sys/mounts"))).containsExactly("deny");
        assertThat(byAccessor.json().getJsonObject("data")).doesNotContainKey("capabilities");
        assertThat(go("POST", "sys/capabilities", "{\"token\":\"hvs.nope\",\"path\":\"x\"}", ROOT).error()).isEqualTo("invalid token");
        assertThat(go("POST", "sys/capabilities", "{\"path\":\"x\"}", ROOT).status()).as("no 5xx for a missing token").isEqualTo(400);
        assertThat(go("POST", "sys/capabilities-accessor", "{\"accessor\":\"nope\",\"path\":\"x\"}", ROOT).error())
                .isEqualTo("invalid accessor");
        assertThat(go("POST", "sys/capabilities", "{\"token\":\"" + token + "\",\"path\":\"x\"}", token).status())
                .as("asking about another token needs update on sys/capabilities").isEqualTo(403);

        assertThat(go("PUT", "auth/token/revoke-self", null, token).status()).isEqualTo(204);
        assertThat(go("GET", "auth/token/lookup-self", null, token).status()).isEqualTo(403);
    }

    /**
     * {@code vault policy write|read|list} ({@code api/sys_policy.go}), {@code vault list auth/token/accessors}
     * ({@code command/list.go}: a trailing slash and {@code ?list=true}; the path needs sudo, {@code vault/token_store.go}).
     */
    @Test
    void cliWritesReadsAndListsPoliciesAndListsAccessors() {
        assertThat(go("PUT", "sys/policies/acl/go-ci", "{\"policy\":\"path \\\"github/token/ci\\\" { capabilities = [\\\"read\\\"] }\"}", ROOT)
                .status()).isEqualTo(204);
        assertThat(go("GET", "sys/policies/acl/go-ci", null, ROOT).json().getJsonObject("data").getString("policy"))
                .contains("github/token/ci");
        assertThat(strings(go("GET", "sys/policies/acl?list=true", null, ROOT).json().getJsonObject("data").getJsonArray("keys")))
                .contains("go-ci", "default", "root");

        String child = created("{\"policies\":[\"default\"]}");
        String accessor = go("GET", "auth/token/lookup-self", null, child).json().getJsonObject("data").getString("accessor");
        Answer accessors = go("GET", "auth/token/accessors/?list=true", null, ROOT);
        assertThat(accessors.status()).as(accessors.toString()).isEqualTo(200);
        assertThat(strings(accessors.json().getJsonObject("data").getJsonArray("keys"))).contains(accessor);
        String lister = created("{\"policies\":[\"accessor-lister\"]}", "accessor-lister",
                "path \"auth/token/accessors\" { capabilities = [\"list\"] }");
        assertThat(go("GET", "auth/token/accessors/?list=true", null, lister).status()).as("sudo is needed").isEqualTo(403);
        go("PUT", "auth/token/revoke-accessor", "{\"accessor\":\"" + accessor + "\"}", ROOT);
        assertThat(strings(go("GET", "auth/token/accessors/?list=true", null, ROOT).json().getJsonObject("data").getJsonArray("keys")))
                .doesNotContain(accessor);
    }

    /**
     * {@code vault token revoke -mode=orphan T} ({@code command/token_revoke.go}: {@code PUT auth/token/revoke-orphan}
     * with the token; root or sudo): the token goes, its children stay, as orphans.
     */
    @Test
    void cliRevokesATokenAndKeepsItsChildrenAsOrphans() {
        String parent = created("{\"policies\":[\"maker\"]}", "maker", "path \"auth/token/create\" { capabilities = [\"update\"] }");
        Answer made = go("POST", "auth/token/create", "{\"policies\":[\"maker\"]}", parent);
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        String child = made.json().getJsonObject("auth").getString("client_token");
        assertThat(go("GET", "auth/token/lookup-self", null, child).json().getJsonObject("data").getBoolean("orphan")).isFalse();

        assertThat(go("PUT", "auth/token/revoke-orphan", "{\"token\":\"" + parent + "\"}", child).status())
                .as("no update on the path").isEqualTo(403);
        String updater = created("{\"policies\":[\"orphaner\"]}", "orphaner",
                "path \"auth/token/revoke-orphan\" { capabilities = [\"update\"] }");
        Answer notSudo = go("PUT", "auth/token/revoke-orphan", "{\"token\":\"" + parent + "\"}", updater);
        assertThat(notSudo.status()).isEqualTo(400);
        assertThat(notSudo.error()).as("Vault's handler checks root or sudo itself").isEqualTo(
                "root or sudo privileges required to revoke and orphan");
        assertThat(go("GET", "auth/token/lookup-self", null, parent).status()).as("still there").isEqualTo(200);
        assertThat(go("PUT", "auth/token/revoke-orphan", "{\"token\":\"" + parent + "\"}", ROOT).status()).isEqualTo(204);
        assertThat(go("GET", "auth/token/lookup-self", null, parent).status()).isEqualTo(403);
        Answer orphaned = go("GET", "auth/token/lookup-self", null, child);
        assertThat(orphaned.status()).as("the child lives on").isEqualTo(200);
        assertThat(orphaned.json().getJsonObject("data").getBoolean("orphan")).isTrue();
        assertThat(go("PUT", "auth/token/revoke-orphan", "{}", ROOT).error()).isEqualTo("missing token ID");
        assertThat(go("PUT", "auth/token/revoke-orphan", "{\"token\":\"" + parent + "\"}", ROOT).error())
                .isEqualTo("token to revoke not found");
    }

    /** {@code vault read github/token/ci}: {@code command/read.go}, a plain GET. */
    @Test
    void cliReadsAGithubTokenOfAPermissionSet() {
        String token = go("PUT", "auth/github/login", "{\"token\":\"" + PAT + "\"}", null).json()
                .getJsonObject("auth").getString("client_token");
        Answer read = go("GET", "github/token/ci", null, token);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().getJsonObject("data").getString("token")).startsWith("ghs_");
        assertThat(read.json().getString("lease_id")).startsWith("github/token/ci/");
    }

    /**
     * The KV preflight of {@code vault kv ...}, consul-template and Vault Agent templates
     * ({@code command/kv_helpers.go} kvPreflightVersionRequest: 404 means KV v1, other errors stop the command; it
     * casts {@code data.path} to a string and reads {@code options}) and of Spring Vault ({@code KeyValueDelegate.java}).
     */
    @Test
    void kvPreflightFindsTheMountOfAPathOrNone() {
        Answer found = go("GET", "sys/internal/ui/mounts/github/token/ci", null, ROOT);
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        JsonObject data = found.json().getJsonObject("data");
        assertThat(data.getString("path")).isEqualTo("github/");
        assertThat(data.getString("type")).isEqualTo("vault-plugin-secrets-github");
        assertThat(data.get("options")).as("no version option: not KV v2").isEqualTo(JsonValue.NULL);
        assertThat(found.json()).as("not copied to the top level").doesNotContainKey("path");

        Answer none = go("GET", "sys/internal/ui/mounts/secret/app/config", null, ROOT);
        assertThat(none.status()).as("under no mount: the client goes on as KV v1").isEqualTo(404);

        String reader = go("PUT", "auth/github/login", "{\"token\":\"" + PAT + "\"}", null).json()
                .getJsonObject("auth").getString("client_token");
        assertThat(go("GET", "sys/internal/ui/mounts/github/token/ci", null, reader).status())
                .as("a token that may read something under the mount").isEqualTo(200);
        String plain = created("{\"policies\":[\"default\"]}");
        Answer refused = go("GET", "sys/internal/ui/mounts/github/token/ci", null, plain);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).startsWith("preflight capability check returned 403");
    }

    // ---- Terraform's vault provider --------------------------------------------------------------------------------

    /**
     * The provider's start-up ({@code internal/provider/meta.go}): lookup-self, a child token for the run, then the
     * server's version from {@code sys/seal-status} (it must be semantic; the provider panics otherwise).
     */
    @Test
    void terraformStartsWithALookupAChildTokenAndTheVersion() {
        Answer self = go("GET", "auth/token/lookup-self", null, ROOT);
        assertThat(self.status()).isEqualTo(200);
        Answer child = go("POST", "auth/token/create", "{\"display_name\":\"terraform\",\"num_uses\":0,\"ttl\":\"1200s\","
                + "\"explicit_max_ttl\":\"1200s\",\"renewable\":false,\"type\":\"\",\"entity_alias\":\"\"}", ROOT);
        assertThat(child.status()).as(child.toString()).isEqualTo(200);
        JsonObject auth = child.json().getJsonObject("auth");
        assertThat(strings(auth.getJsonArray("policies"))).contains("root");
        String token = auth.getString("client_token");
        JsonObject childSelf = go("GET", "auth/token/lookup-self", null, token).json().getJsonObject("data");
        assertThat(childSelf.getString("display_name")).isEqualTo("token-terraform");
        assertThat(childSelf.getJsonNumber("ttl").longValue()).isBetween(1L, 1200L);
        assertThat(childSelf.getBoolean("renewable")).isFalse();
        assertThat(go("GET", "sys/seal-status", null, token).json().getString("version")).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(go("POST", "auth/token/create", "{\"entity_alias\":\"someone\"}", ROOT).status())
                .as("a real entity alias still needs a token role").isEqualTo(400);
    }

    /**
     * {@code vault/resource_policy.go}, {@code vault/resource_github_auth_backend.go} (with {@code auth_mount.go}),
     * {@code vault/resource_github_team.go} and {@code resource_github_user.go}: what their create, read, update and
     * delete send. The GitHub method is always mounted: creating its resource changes nothing, destroying it is refused.
     */
    @Test
    void terraformManagesPoliciesTheGithubMethodAndItsTeamsAndUsers() {
        String tf = go("POST", "auth/token/create", "{\"display_name\":\"terraform\",\"ttl\":\"1200s\",\"type\":\"\","
                + "\"entity_alias\":\"\"}", ROOT).json().getJsonObject("auth").getString("client_token");
        assertThat(go("PUT", "sys/policies/acl/tf-managed", "{\"policy\":\"path \\\"github/token/ci\\\" { capabilities = [\\\"read\\\"] }\"}", tf)
                .status()).isEqualTo(204);
        assertThat(go("GET", "sys/policies/acl/tf-managed", null, tf).json().getJsonObject("data").getString("name")).isEqualTo("tf-managed");
        assertThat(go("DELETE", "sys/policies/acl/tf-managed", null, tf).status()).isEqualTo(204);

        Answer create = go("POST", "sys/auth/github", "{\"type\":\"github\",\"description\":\"\",\"config\":{\"options\":null,"
                + "\"default_lease_ttl\":\"\",\"max_lease_ttl\":\"\",\"force_no_cache\":false},\"local\":false,\"seal_wrap\":false,"
                + "\"external_entropy_access\":false,\"options\":null}", tf);
        assertThat(create.status()).as("the method is always there: enabling it changes nothing " + create).isEqualTo(200);
        assertThat(create.json().getJsonArray("warnings").getString(0)).contains("always enabled at github/");
        Answer otherType = go("POST", "sys/auth/github", "{\"type\":\"oidc\"}", tf);
        assertThat(otherType.error()).isEqualTo("path is already in use at github/");
        assertThat(go("POST", "sys/auth/elsewhere", "{\"type\":\"github\"}", tf).error()).isEqualTo("No auth engine at elsewhere/");
        JsonObject mounts = go("GET", "sys/auth", null, tf).json().getJsonObject("data");
        assertThat(mounts.getJsonObject("github/").getString("accessor")).startsWith("auth_github_");
        assertThat(go("PUT", "auth/github/config", "{\"organization\":\"foo-org\",\"organization_id\":12345,\"base_url\":\""
                + github.baseUrl() + "\",\"token_ttl\":\"1h\",\"token_policies\":[\"ci-reader\"]}", tf).status()).isEqualTo(204);
        JsonObject config = go("GET", "auth/github/config", null, tf).json().getJsonObject("data");
        assertThat(config.getJsonNumber("token_ttl").longValue()).isEqualTo(3600);
        assertThat(go("GET", "sys/mounts/auth/github/tune", null, tf).json().getJsonObject("data").get("max_lease_ttl"))
                .isInstanceOf(JsonNumber.class);
        assertThat(go("DELETE", "sys/auth/github", null, tf).status()).as("destroy: the method cannot be disabled").isEqualTo(405);

        for (String kind : List.of("teams", "users")) {
            String path = "auth/github/map/" + kind + "/tf-" + kind;
            assertThat(go("PUT", path, "{\"key\":\"tf-" + kind + "\",\"value\":\"p1,p2\"}", tf).status()).isEqualTo(204);
            JsonObject mapped = go("GET", path, null, tf).json().getJsonObject("data");
            assertThat(mapped.getString("key")).isEqualTo("tf-" + kind);
            assertThat(mapped.getString("value")).isEqualTo("p1,p2");
            assertThat(go("DELETE", path, null, tf).status()).isEqualTo(204);
        }
    }

    // ---- Vault Agent -----------------------------------------------------------------------------------------------

    /**
     * Auto-auth with a token file ({@code command/agentproxyshared/auth/token-file/token_file.go}): lookup-self with
     * the file's token, whose {@code id}, {@code ttl} (a number), {@code renewable} and {@code type} it casts, then
     * renewal by {@code api/lifetime_watcher.go} ({@code renew-self} with increment 0, which must answer an
     * {@code auth} block).
     */
    @Test
    void vaultAgentAuthenticatesWithATokenFileAndKeepsItRenewed() {
        String token = created("{\"policies\":[\"ci-reader\"],\"ttl\":\"1h\"}");
        JsonObject data = go("GET", "auth/token/lookup-self", null, token).json().getJsonObject("data");
        assertThat(data.get("id")).isInstanceOf(JsonString.class);
        assertThat(data.getString("id")).isEqualTo(token);
        assertThat(data.get("ttl")).isInstanceOf(JsonNumber.class);
        assertThat(data.get("renewable")).isEqualTo(JsonValue.TRUE);
        assertThat(data.get("type")).isInstanceOf(JsonString.class);
        Answer renewed = go("PUT", "auth/token/renew-self", "{\"increment\":0}", token);
        assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
        assertThat(renewed.json().getJsonObject("auth").getString("client_token")).isEqualTo(token);

        JsonObject root = go("GET", "auth/token/lookup-self", null, ROOT).json().getJsonObject("data");
        assertThat(strings(root.getJsonArray("policies"))).containsExactly("root");
        assertThat(root.getJsonNumber("ttl").longValue()).as("a root token is not renewed by the agent").isZero();
    }

    // ---- Spring Vault, as Spring Cloud Vault uses it ------------------------------------------------------------------

    /**
     * Spring Cloud Vault reads its property sources through Spring Vault's {@code core/util/KeyValueDelegate.java},
     * which asks {@code sys/internal/ui/mounts/<path>} whether a path is versioned KV (404 or 403: not available), and
     * keeps dynamic secrets with {@code core/lease/SecretLeaseContainer.java}, which reads the secret, watches its lease
     * and revokes it on shutdown ({@code sys/leases/revoke}). Both run here unchanged against a GitHub token.
     */
    @Test
    void springVaultReadsThroughItsKeyValuePreflightAndKeepsAGithubTokenLease() throws Exception {
        org.springframework.vault.client.VaultEndpoint endpoint = org.springframework.vault.client.VaultEndpoint.from(
                java.net.URI.create(base.toString().replaceAll("/$", "")));
        org.springframework.vault.core.VaultTemplate template = new org.springframework.vault.core.VaultTemplate(endpoint,
                new org.springframework.vault.authentication.TokenAuthentication(ROOT));
        org.springframework.vault.core.util.KeyValueDelegate delegate = new org.springframework.vault.core.util.KeyValueDelegate(template);
        assertThat(delegate.isVersioned("github/token/ci")).isFalse();
        assertThat(delegate.isVersioned("secret/application")).as("no mount there: not available").isFalse();
        assertThat(template.read("secret/application")).as("an absent property source is empty, not an error").isNull();

        org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler scheduler =
                new org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler();
        scheduler.initialize();
        org.springframework.vault.core.lease.SecretLeaseContainer container =
                new org.springframework.vault.core.lease.SecretLeaseContainer(template, scheduler);
        java.util.concurrent.BlockingQueue<org.springframework.vault.core.lease.event.SecretLeaseEvent> events =
                new java.util.concurrent.LinkedBlockingQueue<>();
        container.addLeaseListener(events::add);
        container.addErrorListener((event, error) -> events.add(event));
        container.requestRenewableSecret("github/token/ci");
        try {
            container.afterPropertiesSet();
            container.start();
            org.springframework.vault.core.lease.event.SecretLeaseEvent first = events.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(first).as("the lease of the GitHub token").isInstanceOf(
                    org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent.class);
            String ghs = (String) ((org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent) first).getSecrets().get("token");
            assertThat(ghs).startsWith("ghs_");
            assertThat(first.getLease().getLeaseId()).startsWith("github/token/ci/");
            container.destroy();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .pollInterval(java.time.Duration.ofMillis(200)).until(() -> github.revokedTokens().contains(ghs));
        } finally {
            container.stop();
            scheduler.shutdown();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** A request as Vault's Go client sends it ({@code api/client.go}). */
    private Answer go(String method, String path, String body, String token) {
        VaultClient vault = new VaultClient(base);
        return token == null ? vault.send(method, path, body, "X-Vault-Request", "true")
                : vault.send(method, path, body, "X-Vault-Request", "true", "X-Vault-Token", token);
    }

    private Answer root(String method, String path, String body) {
        return new VaultClient(base).send(method, path, body, "X-Vault-Token", ROOT);
    }

    private static void ok(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isIn(200, 204);
    }

    private String created(String body) {
        Answer created = root("POST", "auth/token/create", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().getJsonObject("auth").getString("client_token");
    }

    private String created(String body, String policy, String text) {
        ok(root("PUT", "sys/policies/acl/" + policy, "{\"policy\":" + jakarta.json.Json.createValue(text) + "}"));
        return created(body);
    }

    private static List<String> strings(jakarta.json.JsonArray array) {
        return array.getValuesAs(JsonString::getString);
    }
}
