package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.GitHubSimulator.Fault;
import dev.tokenbroker.testsupport.TestKeys;

/**
 * The GitHub secrets engine ({@code github/*}, {@code sys/leases/*}; vault-api.md §7, cases F7, J8, K1–K14, L1, L3)
 * against the GitHub simulator: minting, permission sets, ACL constraints, leases and the revocation cascade, which
 * the simulator observes as {@code DELETE /installation/token} calls.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GithubSecretsIT {

    private static final String ROOT = "hvs.RootTokenForTheSecretsIT0123456789abc";
    private static final long INSTALLATION = 4242;
    private static final Duration CASCADE = Duration.ofSeconds(20);
    private static GitHubSimulator github;
    private static long app;
    private static long lib;

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
        for (int i = 0; i < 105; i++) {
            github.install("filler-" + i, 10_000 + i, 20_000 + i, "Organization", Map.of("contents", "read"), List.of());
        }
        github.install("acme", INSTALLATION, 77, "Organization", Map.of("contents", "write", "metadata", "read",
                "pull_requests", "write", "issues", "write"), List.of());
        app = github.addRepository("acme", "app");
        lib = github.addRepository("acme", "lib");
        github.addRepository("acme", "secret-sauce");
        Map<String, String> settings = new HashMap<>(Map.of(
                "broker.github.api-url", github.baseUrl().toString(),
                "broker.github.app-id", "1",
                "broker.github.private-key-file", BrokerDeployment.writeSecret("secrets-it-app-key.pem",
                        TestKeys.pkcs1Pem(appKey)).toString(),
                "mp.jwt.verify.audiences", "broker.example.org",
                "broker.vault.encryption.key", Base64.getEncoder().encodeToString(new byte[32]),
                "broker.vault.root-token.value", ROOT,
                "broker.vault.reaper-interval", "1s",
                "broker.vault.lease-revoke-backoff", "1s"));
        return BrokerDeployment.of(settings);
    }

    @AfterAll
    static void stopSimulator() {
        if (github != null) {
            github.close();
        }
    }

    @BeforeEach
    void policies() {
        github.clearFaults();
        policy("minter", "path \"github/token\" { capabilities = [\"update\"] }\n"
                + "path \"github/token/+\" { capabilities = [\"read\", \"update\"] }\n"
                + "path \"sys/leases/revoke\" { capabilities = [\"update\"] }\n"
                + "path \"auth/token/create\" { capabilities = [\"update\"] }");
        policy("pinned", "path \"github/token\" {\n capabilities = [\"update\"]\n"
                + " required_parameters = [\"installation_id\", \"repository_ids\", \"permissions\"]\n"
                + " allowed_parameters = {\n  \"installation_id\" = [\"4242\"]\n  \"repository_ids\" = [\"" + app + "\", \""
                + lib + "\"]\n  \"permissions\" = [\"contents=read\", \"pull_requests=write\", \"metadata=read\"]\n }\n}");
        policy("no-org-name", "path \"github/token\" {\n capabilities = [\"update\"]\n"
                + " denied_parameters = { \"org_name\" = [] \"permissions\" = [\"*=admin\", \"*=write\"] }\n}");
    }

    // ------------------------------------------------------------------------------------------------ K1, K7

    @Test
    void k1TheConfigIsReadOnlyAndNeverShowsTheKey() {
        Answer config = root("GET", "github/config", null);
        assertThat(config.status()).as(config.toString()).isEqualTo(200);
        JsonObject data = config.json().getJsonObject("data");
        assertThat(data.getJsonNumber("app_id").longValue()).isEqualTo(1);
        assertThat(data.getString("base_url")).isEqualTo(github.baseUrl().toString().replaceAll("/$", ""));
        assertThat(data.getBoolean("exclude_repository_metadata")).isFalse();
        assertThat(data.getString("prv_key")).isEqualTo("<configured>");
        assertThat(config.raw()).doesNotContain(dev.tokenbroker.github.control.PrivateKeyParser.PKCS8_LABEL);
        for (String method : List.of("POST", "PUT", "DELETE")) {
            Answer write = root(method, "github/config", method.equals("DELETE") ? null : "{\"app_id\":2,\"prv_key\":\"x\"}");
            assertThat(write.status()).as(method).isEqualTo(405);
            assertThat(write.error()).contains("unsupported operation");
        }
    }

    @Test
    void k7InstallationsMapsEveryAccountToItsInstallation() {
        Answer installations = root("GET", "github/installations", null);
        assertThat(installations.status()).as(installations.toString()).isEqualTo(200);
        JsonObject data = installations.json().getJsonObject("data");
        assertThat(data.getJsonNumber("acme").longValue()).isEqualTo(INSTALLATION);
        assertThat(data).hasSize(106);
    }

    // ------------------------------------------------------------------------------------------------ K2–K5, K14

    @Test
    void k2MintingByInstallationIdPassesGitHubsAnswerThroughAsANonRenewableLease() {
        String holder = token("minter");
        github.resetCalls();
        Answer minted = as(holder, "POST", "github/token",
                "{\"installation_id\":4242,\"repositories\":[\"app\"],\"permissions\":{\"contents\":\"read\"}}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        JsonObject body = minted.json();
        assertThat(body.getString("lease_id")).matches("github/token/[0-9A-Za-z]{24}");
        assertThat(body.getBoolean("renewable")).isFalse();
        assertThat(body.getJsonNumber("lease_duration").longValue()).isBetween(3500L, 3600L);
        assertThat(body.getString("mount_type")).isEqualTo("vault-plugin-secrets-github");
        JsonObject data = body.getJsonObject("data");
        assertThat(data.getString("token")).startsWith("ghs_");
        assertThat(data.getJsonObject("permissions").getString("contents")).isEqualTo("read");
        assertThat(data.getString("repository_selection")).isEqualTo("selected");
        assertThat(data.getJsonArray("repositories").getJsonObject(0).getString("full_name")).isEqualTo("acme/app");
        assertThat(data.getJsonNumber("installation_id").longValue()).isEqualTo(INSTALLATION);
        assertThat(data).doesNotContainKey("org_name");

        List<GitHubSimulator.RecordedCall> mints = github.calls().stream()
                .filter(c -> c.routeKey().equals(GitHubSimulator.MINT)).toList();
        assertThat(mints).hasSize(1);
        assertThat(mints.get(0).path()).isEqualTo("/app/installations/4242/access_tokens");
        assertThat(Json.createReader(new java.io.StringReader(mints.get(0).body())).readObject())
                .isEqualTo(Json.createObjectBuilder().add("repositories", Json.createArrayBuilder().add("app"))
                        .add("permissions", Json.createObjectBuilder().add("contents", "read")).build());
        String jwt = mints.get(0).headers().get("authorization").substring("Bearer ".length());
        JsonObject claims = Json.createReader(new java.io.StringReader(new String(
                Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))).readObject();
        assertThat(claims.getString("iss")).isEqualTo("1");
    }

    @Test
    void k3TheOrganizationIsFoundByNameIgnoringCaseOnALaterPage() {
        String holder = token("minter");
        Answer minted = as(holder, "PUT", "github/token", "{\"org_name\":\"ACME\",\"repository_ids\":[" + lib + "],"
                + "\"permissions\":\"issues=write\"}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        assertThat(minted.json().getJsonObject("data").getJsonNumber("installation_id").longValue()).isEqualTo(INSTALLATION);
        assertThat(minted.json().getJsonObject("data").getString("org_name")).isEqualTo("ACME");

        Answer absent = as(holder, "PUT", "github/token", "{\"org_name\":\"nobody\"}");
        assertThat(absent.status()).isEqualTo(500);
        assertThat(absent.error()).isEqualTo("1 error occurred:\n\t* app not installed in GitHub organization\n\n");
    }

    @Test
    void k4RequestsAreCheckedStrictlyBeforeGitHubIsAsked() {
        String holder = token("minter");
        github.resetCalls();
        Answer neither = as(holder, "POST", "github/token", "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.error()).isEqualTo("installation_id or org_name is a required parameter");
        Answer foo = as(holder, "POST", "github/token", "{\"installation_id\":4242,\"foo\":1}");
        assertThat(foo.status()).isEqualTo(400);
        assertThat(foo.error()).isEqualTo("1 error occurred:\n\t* unknown field: foo\n\n");
        assertThat(as(holder, "POST", "github/token", "{\"installation_id\":4242,\"b\":1,\"a\":2}").error())
                .isEqualTo("1 error occurred:\n\t* unknown fields: a, b\n\n");
        Answer unknown = as(holder, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":{\"teleport\":\"read\"}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).isEqualTo("unknown permission \"teleport\"");
        assertThat(as(holder, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"contents=owner\"}").error())
                .isEqualTo("invalid permission \"contents=owner\"");
        assertThat(as(holder, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"metadata=admin\"}").error())
                .startsWith("invalid permission \"metadata=admin\"");
        assertThat(github.count(GitHubSimulator.MINT)).as("GitHub was never asked").isZero();
    }

    @Test
    void k5GitHubsRefusalIsReportedWithItsStatusLine() {
        String holder = token("minter");
        Answer refused = as(holder, "POST", "github/token", "{\"installation_id\":4242,\"repositories\":\"nope\"}");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.error()).startsWith("1 error occurred:\n\t* unable to create access token: 422 Unprocessable Entity: ");
        github.enqueue(GitHubSimulator.MINT, Fault.status(404).withBody("{\"message\":\"Not Found\"}"));
        assertThat(as(holder, "POST", "github/token", "{\"installation_id\":4242}").error())
                .contains("unable to create access token: 404 Not Found: {\"message\":\"Not Found\"}");
    }

    // ------------------------------------------------------------------------------------------------ K6, L1, L3

    @Test
    void k6PermissionSetsAreWrittenReadListedUsedAndDeleted() throws Exception {
        assertThat(root("PUT", "github/permissionset/ci-read", "{\"installation_id\":4242,\"repositories\":\"app,lib\","
                + "\"permissions\":\"contents=read\"}").status()).isEqualTo(204);
        JsonObject set = root("GET", "github/permissionset/ci-read", null).json().getJsonObject("data");
        assertThat(set.getJsonNumber("installation_id").longValue()).isEqualTo(INSTALLATION);
        assertThat(set.getString("org_name")).isEmpty();
        assertThat(set.getJsonArray("repositories").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("app", "lib");
        assertThat(set.getJsonObject("permissions").getString("contents")).isEqualTo("read");
        // the plugin's merge: the id is replaced, the lists are kept when left out
        assertThat(root("PUT", "github/permissionset/ci-read", "{\"org_name\":\"acme\"}").status()).isEqualTo(204);
        set = root("GET", "github/permissionset/ci-read", null).json().getJsonObject("data");
        assertThat(set.getJsonNumber("installation_id").longValue()).isZero();
        assertThat(set.getString("org_name")).isEqualTo("acme");
        assertThat(set.getJsonArray("repositories")).hasSize(2);
        assertThat(root("PUT", "github/permissionset/broken", "{\"repositories\":\"app\"}").error())
                .isEqualTo("installation_id or org_name is a required parameter");

        assertThat(root("LIST", "github/permissionsets", null).json().getJsonObject("data").getJsonArray("keys")
                .getValuesAs(jakarta.json.JsonString::getString)).containsExactly("ci-read");
        String holder = token("minter");
        Answer minted = as(holder, "GET", "github/token/ci-read", null);
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        assertThat(minted.json().getString("lease_id")).startsWith("github/token/ci-read/");
        assertThat(as(holder, "POST", "github/token/ci-read", "{\"installation_id\":1}").error())
                .isEqualTo("1 error occurred:\n\t* unknown field: installation_id\n\n");
        assertThat(as(holder, "GET", "github/token/x", null).error()).isEqualTo("permission set 'x' does not exist");

        // L1 and L3: the real clients read a token through a set and list the sets
        io.github.jopenlibs.vault.Vault driver = io.github.jopenlibs.vault.Vault.create(
                new io.github.jopenlibs.vault.VaultConfig().address(address()).token(holder).engineVersion(1).build());
        assertThat(driver.logical().read("github/token/ci-read").getData().get("token")).startsWith("ghs_");
        io.github.jopenlibs.vault.Vault admin = io.github.jopenlibs.vault.Vault.create(
                new io.github.jopenlibs.vault.VaultConfig().address(address()).token(ROOT).engineVersion(1).build());
        assertThat(admin.logical().list("github/permissionsets").getListData()).containsExactly("ci-read");
        org.springframework.vault.core.VaultTemplate spring = new org.springframework.vault.core.VaultTemplate(
                org.springframework.vault.client.VaultEndpoint.from(java.net.URI.create(address())),
                new org.springframework.vault.authentication.TokenAuthentication(ROOT));
        assertThat(spring.list("github/permissionsets")).containsExactly("ci-read");

        assertThat(root("DELETE", "github/permissionset/ci-read", null).status()).isEqualTo(204);
        assertThat(root("DELETE", "github/permissionset/ci-read", null).status()).isEqualTo(204);
        assertThat(root("GET", "github/permissionset/ci-read", null).status()).isEqualTo(404);
        assertThat(root("LIST", "github/permissionsets", null).status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------------------------------------ J8, ACL kinds

    @Test
    void j8AndTheConstraintKindsDecideWhatMayBeMinted() {
        policy("create-only", "path \"github/token\" { capabilities = [\"create\"] }");
        policy("update-only", "path \"github/token\" { capabilities = [\"update\"] }");
        String mint = "{\"installation_id\":4242,\"repositories\":\"app\",\"permissions\":\"contents=read\"}";
        assertThat(as(token("create-only"), "POST", "github/token", mint).status()).as("J8 create").isEqualTo(200);
        assertThat(as(token("update-only"), "PUT", "github/token", mint).status()).as("J8 update").isEqualTo(200);

        String pinned = token("pinned");
        github.resetCalls();
        // allowed_parameters: values the policy lists, in any form; anything else is denied
        assertThat(as(pinned, "POST", "github/token", "{\"installation_id\":4242,\"repository_ids\":[" + app + "],"
                + "\"permissions\":{\"contents\":\"read\"}}").status()).isEqualTo(200);
        assertThat(as(pinned, "POST", "github/token", "{\"installation_id\":\"4242\",\"repository_ids\":\"" + app + "," + lib
                + "\",\"permissions\":\"contents=read,metadata=read\"}").status()).as("CLI strings").isEqualTo(200);
        assertThat(as(pinned, "POST", "github/token", "{\"installation_id\":4242,\"repository_ids\":[" + app + "],"
                + "\"permissions\":{\"contents\":\"write\"}}").status()).as("a level not allowed").isEqualTo(403);
        assertThat(as(pinned, "POST", "github/token", "{\"installation_id\":4243,\"repository_ids\":[" + app + "],"
                + "\"permissions\":{\"contents\":\"read\"}}").status()).as("another installation").isEqualTo(403);
        assertThat(as(pinned, "POST", "github/token", "{\"installation_id\":4242,\"repository_ids\":[" + app + "],"
                + "\"permissions\":{\"contents\":\"read\"},\"org_name\":\"acme\"}").status()).as("unlisted").isEqualTo(403);
        // required_parameters
        Answer missing = as(pinned, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":{\"contents\":\"read\"}}");
        assertThat(missing.status()).as("required").isEqualTo(403);
        assertThat(missing.error()).isEqualTo("1 error occurred:\n\t* permission denied\n\n");
        // denied_parameters
        String restricted = token("no-org-name");
        assertThat(as(restricted, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"issues=read\"}")
                .status()).isEqualTo(200);
        assertThat(as(restricted, "POST", "github/token", "{\"org_name\":\"acme\"}").status()).as("denied name").isEqualTo(403);
        assertThat(as(restricted, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":[\"issues=read\","
                + "\"contents=write\"]}").status()).as("a denied value").isEqualTo(403);
        assertThat(github.count(GitHubSimulator.MINT)).as("only the allowed requests reached GitHub").isEqualTo(3);
    }

    // ------------------------------------------------------------------------------------------------ K8–K13, F7

    @Test
    void k8RevokeSelfRevokesEveryLeaseAtGitHub() {
        String holder = token("minter");
        String first = mintFor(holder);
        String second = mintFor(holder);
        assertThat(as(holder, "POST", "auth/token/revoke-self", null).status()).isEqualTo(204);
        await().atMost(CASCADE).pollInterval(Duration.ofMillis(200))
                .until(() -> github.revokedTokens().containsAll(List.of(first, second)));
    }

    @Test
    void k9ExpiryExhaustedUsesAndARevokedParentRevokeTheLeases() {
        String expiring = created("{\"policies\":[\"minter\"],\"ttl\":\"3s\"}");
        String fromExpiring = mintFor(expiring);
        advance(Duration.ofSeconds(4));

        String limited = created("{\"policies\":[\"minter\"],\"num_uses\":2}");
        String fromLimited = mintFor(limited);
        assertThat(as(limited, "GET", "auth/token/lookup-self", null).status()).as("the last use").isEqualTo(200);
        assertThat(as(limited, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);

        String parent = created("{\"policies\":[\"minter\"]}");
        String child = vault().send("POST", "auth/token/create", "{\"policies\":[\"minter\"]}", "X-Vault-Token", parent)
                .json().getJsonObject("auth").getString("client_token");
        String fromChild = mintFor(child);
        assertThat(root("POST", "auth/token/revoke", "{\"token\":\"" + parent + "\"}").status()).isEqualTo(204);

        await().atMost(CASCADE).pollInterval(Duration.ofMillis(200))
                .until(() -> github.revokedTokens().containsAll(List.of(fromExpiring, fromLimited, fromChild)));
    }

    @Test
    void k10K12K13TheOwnerLooksUpAndRevokesItsLeasesOthersCannot() {
        String owner = token("minter");
        Answer minted = as(owner, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"issues=read\"}");
        String leaseId = minted.json().getString("lease_id");
        String ghs = minted.json().getJsonObject("data").getString("token");
        String stranger = created("{\"policies\":[\"minter\"]}");

        Answer lookup = as(owner, "PUT", "sys/leases/lookup", "{\"lease_id\":\"" + leaseId + "\"}");
        assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
        JsonObject data = lookup.json().getJsonObject("data");
        assertThat(data.keySet()).containsExactlyInAnyOrder("id", "issue_time", "expire_time", "last_renewal", "renewable", "ttl");
        assertThat(data.getString("id")).isEqualTo(leaseId);
        assertThat(data.isNull("last_renewal")).isTrue();
        assertThat(data.getBoolean("renewable")).isFalse();
        assertThat(data.getJsonNumber("ttl").longValue()).isBetween(3500L, 3600L);
        assertThat(lookup.json()).doesNotContainKey("id");
        assertThat(as(stranger, "PUT", "sys/leases/lookup", "{\"lease_id\":\"" + leaseId + "\"}").status()).isEqualTo(403);
        assertThat(as(owner, "PUT", "sys/leases/lookup", "{\"lease_id\":\"github/token/nope\"}").error()).isEqualTo("invalid lease");
        assertThat(as(owner, "PUT", "sys/leases/lookup", "{}").error()).isEqualTo("lease_id must be specified");

        assertThat(as(owner, "PUT", "sys/leases/renew", "{\"lease_id\":\"" + leaseId + "\"}").error())
                .isEqualTo("lease is not renewable");
        assertThat(as(owner, "PUT", "sys/leases/renew", "{\"lease_id\":\"github/token/nope\"}").error())
                .isEqualTo("lease not found");

        assertThat(as(stranger, "PUT", "sys/leases/revoke", "{\"lease_id\":\"" + leaseId + "\"}").status()).isEqualTo(403);
        assertThat(as(stranger, "PUT", "sys/leases/revoke", "{\"lease_id\":\"github/token/nope\"}").status()).isEqualTo(204);
        assertThat(as(owner, "PUT", "sys/leases/revoke", "{\"lease_id\":\"" + leaseId + "\"}").status()).isEqualTo(204);
        assertThat(github.revokedTokens()).as("revoked before the answer").contains(ghs);
        assertThat(root("PUT", "sys/leases/lookup", "{\"lease_id\":\"" + leaseId + "\"}").error()).isEqualTo("invalid lease");
    }

    @Test
    void concurrentRevocationsOfOneLeaseCallGitHubOnce() throws Exception {
        String owner = token("minter");
        Answer minted = as(owner, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"issues=read\"}");
        String leaseId = minted.json().getString("lease_id");
        String ghs = minted.json().getJsonObject("data").getString("token");
        github.resetCalls();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> as(owner, "PUT", "sys/leases/revoke", "{\"lease_id\":\"" + leaseId + "\"}")));
            }
            for (java.util.concurrent.Future<Answer> answer : answers) {
                assertThat(answer.get().status()).as(answer.get().toString()).isIn(202, 204);
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(CASCADE).pollInterval(Duration.ofMillis(200)).until(() -> github.revokedTokens().contains(ghs));
        assertThat(github.count(GitHubSimulator.REVOKE)).as("the claim lets exactly one request call GitHub").isEqualTo(1);
    }

    @Test
    void k11AFailingRevocationIsRetriedWithBackoffUntilGitHubAccepts() {
        String owner = token("minter");
        Answer minted = as(owner, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"issues=read\"}");
        String leaseId = minted.json().getString("lease_id");
        String ghs = minted.json().getJsonObject("data").getString("token");
        github.resetCalls();
        github.enqueue(GitHubSimulator.REVOKE, Fault.status(500), Fault.status(500));
        Answer sync = as(owner, "PUT", "sys/leases/revoke", "{\"lease_id\":\"" + leaseId + "\"}");
        assertThat(sync.status()).isEqualTo(400);
        assertThat(sync.error()).startsWith("failed to revoke lease at GitHub: ").endsWith("; revocation will be retried");
        await().atMost(CASCADE).pollInterval(Duration.ofMillis(200)).until(() -> github.revokedTokens().contains(ghs));
        assertThat(github.count(GitHubSimulator.REVOKE)).as("500, 500, then 204").isEqualTo(3);
        // GitHub has answered; the lease goes in the reaper's transaction after that answer, a moment later
        await().atMost(CASCADE).pollInterval(Duration.ofMillis(100))
                .until(() -> root("PUT", "sys/leases/lookup", "{\"lease_id\":\"" + leaseId + "\"}").status() == 400);
        assertThat(root("PUT", "sys/leases/lookup", "{\"lease_id\":\"" + leaseId + "\"}").error()).isEqualTo("invalid lease");

        // a 401 means the token is already dead: revoked, not retried
        Answer other = as(owner, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"issues=read\"}");
        String otherLease = other.json().getString("lease_id");
        github.enqueue(GitHubSimulator.REVOKE, Fault.status(401).withBody("{\"message\":\"Bad credentials\"}"));
        assertThat(as(owner, "POST", "auth/token/revoke-self", null).status()).isEqualTo(204);
        await().atMost(CASCADE).pollInterval(Duration.ofMillis(200))
                .until(() -> root("PUT", "sys/leases/lookup", "{\"lease_id\":\"" + otherLease + "\"}").status() == 400);
        assertThat(github.count(GitHubSimulator.REVOKE)).as("one DELETE, answered 401").isEqualTo(4);
        assertThat(github.revokedTokens()).doesNotContain(other.json().getJsonObject("data").getString("token"));
    }

    @Test
    void f7ABatchTokensLeaseEndsWithTheBatchToken() {
        Answer batch = root("POST", "auth/token/create-orphan", "{\"type\":\"batch\",\"ttl\":\"4s\",\"policies\":[\"minter\"]}");
        String token = batch.json().getJsonObject("auth").getString("client_token");
        assertThat(token).startsWith("hvb.");
        Answer minted = as(token, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"issues=read\"}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        assertThat(minted.json().getJsonNumber("lease_duration").longValue()).isBetween(0L, 4L);
        String ghs = minted.json().getJsonObject("data").getString("token");
        advance(Duration.ofSeconds(5));
        await().atMost(CASCADE).pollInterval(Duration.ofMillis(200)).until(() -> github.revokedTokens().contains(ghs));
    }

    @Test
    void leasesCanBeListedByPrefixWithSudoOnly() {
        String holder = token("minter");
        mintFor(holder);
        Answer github = root("LIST", "sys/leases/lookup/github/", null);
        assertThat(github.status()).as(github.toString()).isEqualTo(200);
        assertThat(github.json().getJsonObject("data").getJsonArray("keys").getString(0)).isEqualTo("token/");
        policy("lister", "path \"sys/leases/lookup/github/*\" { capabilities = [\"list\"] }");
        assertThat(as(token("lister"), "LIST", "sys/leases/lookup/github/", null).status()).as("no sudo").isEqualTo(403);
        policy("lister", "path \"sys/leases/lookup/github/*\" { capabilities = [\"list\", \"sudo\"] }");
        assertThat(as(token("lister"), "LIST", "sys/leases/lookup/github/token/", null).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String mintFor(String holder) {
        Answer minted = as(holder, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"issues=read\"}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        return minted.json().getJsonObject("data").getString("token");
    }

    private String token(String policy) {
        return created("{\"policies\":[\"" + policy + "\"]}");
    }

    private String created(String body) {
        Answer created = root("POST", "auth/token/create", body);
        assertThat(created.status()).as(created.toString()).isIn(200);
        return created.json().getJsonObject("auth").getString("client_token");
    }

    private void policy(String name, String text) {
        Answer written = root("PUT", "sys/policies/acl/" + name,
                Json.createObjectBuilder().add("policy", text).build().toString());
        assertThat(written.status()).as(written.toString()).isEqualTo(204);
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

    private String address() {
        String url = base.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
