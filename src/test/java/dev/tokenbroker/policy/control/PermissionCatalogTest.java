package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.Scope;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionCatalogTest {

    private final PermissionCatalog catalog = PermissionCatalog.standard();

    @Test
    void isTheUnionOfGitHubsSchemaAndThePeersTable() {
        assertThat(catalog.size()).isEqualTo(68);
        assertThat(catalog.names().stream().filter(n -> sources(n).equals(Set.of("openapi", "peer")))).hasSize(40);
        assertThat(catalog.names().stream().filter(n -> sources(n).equals(Set.of("peer")))).hasSize(13);
        assertThat(catalog.names().stream().filter(n -> sources(n).equals(Set.of("openapi")))).hasSize(15);
    }

    @Test
    void everyNameOfGitHubsSchemaIsThereWithItsLevels() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/github-app-permissions.json")) {
            JsonObject properties = Json.createReader(in).readObject().getJsonObject("properties");
            assertThat(properties).hasSize(55);
            properties.forEach((name, schema) -> {
                Scope scope = catalog.find(name).orElseThrow(() -> new AssertionError(name + " missing"));
                Set<String> levels = schema.asJsonObject().getJsonArray("enum").getValuesAs(jakarta.json.JsonString::getString)
                        .stream().collect(Collectors.toSet());
                assertThat(scope.levels().stream().map(Level::wire).collect(Collectors.toSet())).as(name).isEqualTo(levels);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "contents, true, 'read, write'",
        "pull_requests, true, 'read, write'",
        "organization-custom_properties, false, 'read, write, admin'",
        "workflows, true, write",
        "repository-projects, true, 'read, write, admin'",
        "organization-secrets, false, 'read, write'",
        "organization-plan, false, read",
        "single-file, true, 'read, write'",
        "actions-variables, true, 'read, write'",
        "code-quality, true, 'read, write'",
        "profile, false, write",
        "email-addresses, false, 'read, write'"
    })
    void classifiesAndListsLevels(String key, boolean repository, String levels) {
        Scope scope = catalog.find(key).orElseThrow();
        assertThat(scope.repository()).isEqualTo(repository);
        assertThat(scope.levelList()).isEqualTo(levels);
        assertThat(scope.gitHubName()).doesNotContain("-");
    }

    @Test
    void unknownNamesAreUnknown() {
        assertThat(catalog.find("bogus")).isEmpty();
        assertThat(catalog.find("bogus-scope")).isEmpty();
        assertThat(catalog.find("Contents")).isEmpty();
    }

    private Set<String> sources(String name) {
        return Set.copyOf(catalog.find(name).orElseThrow().sources());
    }
}
