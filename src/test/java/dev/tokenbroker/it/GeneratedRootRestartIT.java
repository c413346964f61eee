package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.servers.ServerProcess;

/** D3: a generated root token is shown once, across restarts; a fresh node has nothing configured (A1, A5). */
class GeneratedRootRestartIT extends BinStartBroker {

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
}
