package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.servers.ServerProcess;

/**
 * issue 16: {@code broker.log.format=json} as an operator sets it (an environment variable for {@code bin/start}):
 * every line of the broker's loggers is one JSON object on standard output, an audit event is nested, and the line
 * a request causes carries its {@code request_id}; the server's own lines stay in its format.
 */
class JsonLogBinStartIT extends BinStartBroker {

    @Test
    void theBrokersLinesAreJsonObjectsNamingTheirRequest() throws Exception {
        Path work = freshDirectory("json-log-it");
        VaultClient vault = start(work, ServerProcess.freePort(),
                Map.of("BROKER_VAULT_ROOT_TOKEN_VALUE", ROOT, "BROKER_LOG_FORMAT", "json"));

        Answer created = vault.send("POST", "auth/token/create", "{\"ttl\":\"1h\"}", "X-Vault-Token", ROOT,
                "X-Request-Id", "json-log-create-1");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String token = created.json().getJsonObject("auth").getString("client_token");

        List<String> lines = Files.readAllLines(work.resolve("broker.log"));
        List<JsonObject> json = lines.stream().filter(l -> l.startsWith("{\"time\""))
                .map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
        assertThat(json).as("the start-up's own lines").anySatisfy(line -> {
            assertThat(line.getString("logger")).isEqualTo("dev.tokenbroker.vault.token.control.RootTokenBootstrap");
            assertThat(line.getString("message")).contains("configured root token");
        });
        assertThat(json).as("the audit event of the request, nested, with its id").anySatisfy(line -> {
            assertThat(line.getString("request_id", "")).isEqualTo("json-log-create-1");
            assertThat(line.containsKey("audit")).isTrue();
            assertThat(line.getJsonObject("audit").getString("event")).isEqualTo("vault.token");
            assertThat(line.getJsonObject("audit").getString("requestId")).isEqualTo("json-log-create-1");
        });
        assertThat(lines).as("no broker line in the server's text format").noneMatch(l -> !l.startsWith("{")
                && l.matches(".*\\|(INFO|WARNING|SEVERE)\\|.*\\|dev\\.tokenbroker\\..*"));
        assertThat(lines).noneMatch(l -> l.contains(token) || l.contains(ROOT));
    }
}
