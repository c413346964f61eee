package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.servers.ServerProcess;

/**
 * Stopped and started again: Vault config, mappings, policies and tokens survive, and the generated encryption key is
 * kept in the data directory and reused, so what it encrypted stays readable; a new configured root replaces the old.
 */
class RestartIT extends BinStartBroker {

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
}
