package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.servers.ServerProcess;

/** E1–E4: rotated encryption keys across restarts; nothing secret is stored or logged in clear. */
class KeyRotationRestartIT extends BinStartBroker {

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
}
