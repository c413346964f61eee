package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.servers.ServerProcess;

/**
 * The broker started with the README's command ({@code bin/start --no-build}: Payara Micro, embedded H2 in the data
 * directory), stopped and started again: Vault config, mappings, policies and tokens survive, and the generated encryption key is kept in the data
 * directory and reused, so what it encrypted stays readable.
 */
class RestartIT {

    private static final String ROOT = "hvs.RootTokenOfTheRestartIT0123456789abcd";
    private Process broker;

    @AfterEach
    void stop() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
                broker.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void vaultStateAndTheGeneratedKeySurviveARestart() throws Exception {
        Path work = freshDirectory("restart-it");
        int port = ServerProcess.freePort();

        VaultClient vault = start(work, port);
        Path keyFile = work.resolve("data/vault-encryption.key");
        assertThat(keyFile).as("a key was generated into the data directory").exists();
        String key = Files.readString(keyFile);
        assertThat(root(vault, "PUT", "sys/policies/acl/survivor", "{\"policy\":\"path \\\"github/token\\\" { capabilities = [\\\"read\\\"] }\"}").status()).isEqualTo(204);
        assertThat(root(vault, "PUT", "auth/github/config", "{\"organization\":\"foo-org\",\"organization_id\":12345,\"token_ttl\":\"2h\"}").status()).isEqualTo(204);
        assertThat(root(vault, "PUT", "auth/github/map/teams/survivors", "{\"value\":\"survivor\"}").status()).isEqualTo(204);
        Answer created = root(vault, "POST", "auth/token/create", "{\"policies\":[\"survivor\"],\"ttl\":\"1h\"}");
        String token = created.json().getJsonObject("auth").getString("client_token");

        stop();
        vault = start(work, port);

        assertThat(Files.readString(keyFile)).as("the key is reused, not replaced").isEqualTo(key);
        assertThat(root(vault, "GET", "sys/policies/acl/survivor", null).json().getJsonObject("data").getString("policy")).contains("github/token");
        assertThat(root(vault, "GET", "auth/github/config", null).json().getJsonObject("data").getJsonNumber("token_ttl").longValue()).isEqualTo(7200);
        assertThat(root(vault, "GET", "auth/github/map/teams/survivors", null).json().getJsonObject("data").getString("value")).isEqualTo("survivor");
        Answer self = vault.send("GET", "auth/token/lookup-self", null, "X-Vault-Token", token);
        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        assertThat(self.json().getJsonObject("data").getJsonArray("policies").getString(1)).isEqualTo("survivor");
        assertThat(root(vault, "GET", "sys/policies/acl/default", null).status()).isEqualTo(200);

        // D7 and D1: a new root configured by its SHA-256 replaces the old one, which is revoked
        String newRoot = "hvs.SecondRootTokenOfTheRestartIT987654321";
        Map<String, String> byHash = Map.of("BROKER_VAULT_ROOT_TOKEN_SHA256", dev.tokenbroker.vault.crypto.control.Secrets.hash(newRoot));
        stop();
        vault = start(work, port, byHash);
        assertThat(root(vault, "GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
        assertThat(vault.send("GET", "auth/token/lookup-self", null, "X-Vault-Token", newRoot).status()).isEqualTo(200);
        Answer capabilities = vault.send("POST", "sys/capabilities-self", "{\"paths\":[\"github/token\"]}", "X-Vault-Token", newRoot);
        assertThat(capabilities.json().getJsonArray("capabilities").getString(0)).as("D1: " + capabilities).isEqualTo("root");

        // the audit trail names the events and the tokens' accessors, never a token
        String log = Files.readString(work.resolve("broker.log"));
        assertThat(log).contains("\"event\":\"vault.policy\"", "\"policy\":\"survivor\"", "\"event\":\"vault.github.config\"",
                "\"event\":\"vault.github.map\"", "\"event\":\"vault.token\"", "\"operation\":\"create\"")
                .doesNotContain(token).doesNotContain(ROOT).doesNotContain(newRoot);

        // D6: a revoked configured root token is never created again, even though it is still configured
        assertThat(vault.send("POST", "auth/token/revoke-self", null, "X-Vault-Token", newRoot).status()).isEqualTo(204);
        stop();
        vault = start(work, port, byHash);
        assertThat(vault.send("GET", "auth/token/lookup-self", null, "X-Vault-Token", newRoot).status()).isEqualTo(403);
        assertThat(Files.readString(work.resolve("broker.log"))).contains("The configured root token was revoked");
    }

    @Test
    void e3E4RotatedKeysKeepRenewalsWorkingAndAMissingKeyFailsThemClearly() throws Exception {
        Path work = freshDirectory("restart-it-keys");
        int port = ServerProcess.freePort();
        java.security.KeyPair appKey = dev.tokenbroker.testsupport.TestKeys.rsa();
        try (dev.tokenbroker.testsupport.GitHubSimulator github = dev.tokenbroker.testsupport.GitHubSimulator.start("1",
                (java.security.interfaces.RSAPublicKey) appKey.getPublic())) {
            github.addUser("ghp_restart", "restarter", 5);
            github.addUserOrganization("ghp_restart", "foo-org", 12345);
            String oldKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
            byte[] next = new byte[32];
            next[0] = 1;
            String newKey = java.util.Base64.getEncoder().encodeToString(next);

            github.install("acme", 4242, 77, "Organization", Map.of("issues", "write"), List.of());
            Path appKeyFile = work.resolve("app-key.pem");
            Files.writeString(appKeyFile, dev.tokenbroker.testsupport.TestKeys.pkcs1Pem(appKey));
            VaultClient vault = start(work, port, Map.of("BROKER_VAULT_ROOT_TOKEN_VALUE", ROOT, "BROKER_VAULT_ENCRYPTION_KEY", oldKey,
                    "BROKER_GITHUB_API_URL", github.baseUrl().toString(), "BROKER_GITHUB_APP_ID", "1",
                    "BROKER_GITHUB_PRIVATE_KEY_FILE", appKeyFile.toString()));
            assertThat(root(vault, "PUT", "auth/github/config", "{\"organization\":\"foo-org\",\"organization_id\":12345,"
                    + "\"base_url\":\"" + github.baseUrl() + "\"}").status()).isEqualTo(204);
            String token = vault.send("POST", "auth/github/login", "{\"token\":\"ghp_restart\"}").json()
                    .getJsonObject("auth").getString("client_token");
            Answer minted = root(vault, "POST", "github/token", "{\"installation_id\":4242,\"permissions\":\"issues=read\"}");
            assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
            String ghs = minted.json().getJsonObject("data").getString("token");

            stop();
            vault = start(work, port, Map.of("BROKER_VAULT_ROOT_TOKEN_VALUE", ROOT, "BROKER_VAULT_ENCRYPTION_KEY", newKey,
                    "BROKER_VAULT_ENCRYPTION_PREVIOUS_KEYS", oldKey));
            assertThat(vault.send("POST", "auth/token/renew-self", null, "X-Vault-Token", token).status()).as("E3").isEqualTo(200);

            stop();
            vault = start(work, port, Map.of("BROKER_VAULT_ROOT_TOKEN_VALUE", ROOT, "BROKER_VAULT_ENCRYPTION_KEY", newKey));
            Answer renewal = vault.send("POST", "auth/token/renew-self", null, "X-Vault-Token", token);
            assertThat(renewal.status()).as("E4").isEqualTo(500);
            assertThat(renewal.error()).isEqualTo("1 error occurred:\n\t* failed to renew entry: stored GitHub token cannot be "
                    + "decrypted; log in again\n\n");
            assertThat(vault.send("GET", "auth/token/lookup-self", null, "X-Vault-Token", token).status()).isEqualTo(200);

            // E1/E2: neither the token nor the personal token is stored or logged anywhere; the token's hash is
            stop();
            StringBuilder stored = new StringBuilder();
            try (var files = Files.walk(work.resolve("data/h2"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    stored.append(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
            assertThat(stored).as("the database files").contains(dev.tokenbroker.vault.crypto.control.Secrets.hash(token))
                    .doesNotContain(token).doesNotContain("ghp_restart").as("K15").doesNotContain(ghs).doesNotContain("ghs_");
            String log = Files.readString(work.resolve("broker.log"));
            assertThat(log).doesNotContain(token).doesNotContain("ghp_restart").doesNotContain("ghs_");
            assertThat(log).as("the mint's audit event").contains("\"event\":\"github.token\"")
                    .contains("\"tokenHash\":\"" + dev.tokenbroker.vault.crypto.control.Secrets.hash(ghs) + "\"");
            List<String> renewals = log.lines().filter(l -> l.contains("\"event\":\"vault.token\"") && l.contains("\"operation\":\"renew\""))
                    .toList();
            assertThat(renewals).as("one audit event for each renewal").hasSize(2);
            assertThat(renewals.get(0)).contains("\"decision\":\"granted\"");
            assertThat(renewals.get(1)).contains("\"decision\":\"denied\"", "stored GitHub token cannot be decrypted");
            assertThat(log).as("one audit event for the login").containsOnlyOnce("\"event\":\"vault.login\"")
                    .contains("\"user\":\"restarter\"").containsPattern("\"tokenHmac\":\"[0-9a-f]{64}\"");
        }
    }

    @Test
    void d3AGeneratedRootTokenIsShownOnceAndWorksAndA1A5NothingIsConfiguredYet() throws Exception {
        Path work = freshDirectory("restart-it-generate");
        int port = ServerProcess.freePort();
        VaultClient vault = start(work, port, Map.of("BROKER_VAULT_ROOT_TOKEN_GENERATE", "true"));
        String log = Files.readString(work.resolve("broker.log"));
        java.util.regex.Matcher shown = java.util.regex.Pattern.compile("root token, shown once: (hvs\\.[0-9A-Za-z]{43})").matcher(log);
        assertThat(shown.find()).as("the banner").isTrue();
        String generated = shown.group(1);
        assertThat(shown.find()).as("exactly one banner").isFalse();
        assertThat(vault.send("GET", "auth/token/lookup-self", null, "X-Vault-Token", generated).status()).isEqualTo(200);
        // A1, A5: on a new node the GitHub auth method is not configured yet
        Answer config = vault.send("GET", "auth/github/config", null, "X-Vault-Token", generated);
        assertThat(config.status()).isEqualTo(404);
        assertThat(config.raw()).isEqualTo("{\"errors\":[]}");
        Answer login = vault.send("POST", "auth/github/login", "{\"token\":\"ghp_anything\"}");
        assertThat(login.status()).isEqualTo(500);
        assertThat(login.error()).as("plain on login").isEqualTo("configuration has not been set");
        Answer empty = vault.send("PUT", "auth/github/config", "{}", "X-Vault-Token", generated);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.error()).isEqualTo("organization is a required parameter");
        stop();
        vault = start(work, port, Map.of("BROKER_VAULT_ROOT_TOKEN_GENERATE", "true"));
        java.util.regex.Matcher again = java.util.regex.Pattern.compile("root token, shown once").matcher(Files.readString(work.resolve("broker.log")));
        assertThat(again.results().count()).as("no banner after the restart").isEqualTo(1);
        assertThat(vault.send("GET", "auth/token/lookup-self", null, "X-Vault-Token", generated).status()).isEqualTo(200);
    }

    private static Answer root(VaultClient vault, String method, String path, String body) {
        return vault.send(method, path, body, "X-Vault-Token", ROOT);
    }

    private VaultClient start(Path work, int port) throws IOException {
        return start(work, port, Map.of("BROKER_VAULT_ROOT_TOKEN_VALUE", ROOT));
    }

    private VaultClient start(Path work, int port, Map<String, String> settings) throws IOException {
        List<String> command = List.of("bash", new File("bin/start").getAbsolutePath(), "--no-build", "--port",
                String.valueOf(port));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("broker.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("BROKER_DATA_DIR", work.resolve("data").toString());
        env.put("BROKER_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("MP_JWT_VERIFY_AUDIENCES", "broker.example.org");
        env.putAll(settings);
        Path log = work.resolve("broker.log");
        long readyBefore = readyLines(log);
        broker = builder.start();
        VaultClient vault = new VaultClient(new URL("http://localhost:" + port + "/"));
        // With a reused --rootdir Payara first reloads the previous deployment, then deploys --deploy again;
        // only the "ready in" line of this start says the final deployment is serving.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> readyLines(log) > readyBefore);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> vault.send("GET", "sys/health", null).status() == 200
                        && List.of(400, 500).contains(vault.send("POST", "auth/github/login", "{}").status()));
        return vault;
    }

    /** An empty directory under target/ for one test's data and log. */
    private static Path freshDirectory(String name) throws IOException {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), name);
        ServerProcess.deleteRecursively(work);
        Files.createDirectories(work);
        return work;
    }

    private static long readyLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return java.util.regex.Pattern.compile("Payara Micro .* ready in").matcher(Files.readString(log)).results().count();
    }
}
