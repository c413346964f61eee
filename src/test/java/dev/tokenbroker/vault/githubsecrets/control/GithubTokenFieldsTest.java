package dev.tokenbroker.vault.githubsecrets.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.vault.logical.entity.VaultException;

/** The secrets engine's request schema (vault-api.md §7.2) and its canonical values for the ACL (§6.5). */
class GithubTokenFieldsTest {

    private static Map<String, JsonValue> json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void everyFormOfTheFieldsParsesToTheSameRequest() {
        GithubTokenFields typed = GithubTokenFields.parse(json("{\"installation_id\":4242,\"repositories\":[\"app\",\"lib\"],"
                + "\"repository_ids\":[1,2],\"permissions\":{\"contents\":\"read\",\"issues\":\"write\"}}"));
        GithubTokenFields cli = GithubTokenFields.parse(json("{\"installation_id\":\"4242\",\"repositories\":\"app, lib\","
                + "\"repository_ids\":\"1,2\",\"permissions\":\"contents=read,issues=write\"}"));
        GithubTokenFields arrays = GithubTokenFields.parse(json("{\"installation_id\":4242.0,\"repositories\":\"app,lib\","
                + "\"repository_ids\":[\"1\",\"2\"],\"permissions\":[\"contents=read\",\"issues=write\"]}"));
        assertThat(cli).isEqualTo(typed);
        assertThat(arrays).isEqualTo(typed);
        assertThat(typed.permissions()).containsExactly(Map.entry("contents", "read"), Map.entry("issues", "write"));
        assertThat(GithubTokenFields.parse(json("{\"org_name\":\" acme \"}")).orgName()).isEqualTo("acme");
        assertThat(GithubTokenFields.parse(json("{}")).namesInstallation()).isFalse();
    }

    @Test
    void unknownFieldsAndPermissionsAreRefused() {
        assertThatThrownBy(() -> GithubTokenFields.parse(json("{\"foo\":1}"))).hasMessageContaining("unknown field: foo");
        assertThatThrownBy(() -> GithubTokenFields.parse(json("{\"b\":1,\"a\":1}"))).isInstanceOfSatisfying(VaultException.class,
                e -> assertThat(e.errors().get(0)).contains("unknown fields: a, b"));
        for (String bad : List.of("Contents=read", "contents=owner", "contents", "pull-requests=read", "contents=")) {
            assertThatThrownBy(() -> GithubTokenFields.parse(json("{\"permissions\":\"" + bad + "\"}"))).as(bad)
                    .isInstanceOfSatisfying(VaultException.class, e -> {
                        assertThat(e.kind()).isEqualTo(VaultException.Kind.INVALID_REQUEST);
                        assertThat(e.errors().get(0)).startsWith("invalid permission \"" + bad + "\"");
                    });
        }
        assertThatThrownBy(() -> GithubTokenFields.parse(json("{\"permissions\":{\"teleport\":\"read\"}}")))
                .isInstanceOfSatisfying(VaultException.class,
                        e -> assertThat(e.errors()).containsExactly("unknown permission \"teleport\""));
        assertThatThrownBy(() -> GithubTokenFields.parse(json("{\"permissions\":{\"metadata\":\"admin\"}}")))
                .hasMessageContaining("metadata can be read, write");
    }

    @Test
    void canonicalValuesFollowTheSchema() {
        Map<String, List<String>> canonical = GithubTokenFields.canonical(json("{\"Installation_ID\":\"4242\","
                + "\"repository_ids\":\"1001,1002\",\"repositories\":\"app,lib\",\"permissions\":\"contents=read,metadata=read\","
                + "\"org_name\":\"acme\"}"));
        assertThat(canonical).containsEntry("installation_id", List.of("4242"))
                .containsEntry("repository_ids", List.of("1001", "1002"))
                .containsEntry("repositories", List.of("app", "lib"))
                .containsEntry("permissions", List.of("contents=read", "metadata=read"))
                .containsEntry("org_name", List.of("acme"));
        assertThat(GithubTokenFields.canonical(json("{\"installation_id\":[1,2]}")))
                .as("an unconvertible value keeps its untyped form").containsEntry("installation_id", List.of("1", "2"));
    }
}
