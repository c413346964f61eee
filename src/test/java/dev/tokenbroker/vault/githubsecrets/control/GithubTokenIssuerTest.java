package dev.tokenbroker.vault.githubsecrets.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.GitHubRejectedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;

/** What a mint answers (vault-api.md §7.2): GitHub's JSON passed through, and GitHub's failures in the plugin's words. */
class GithubTokenIssuerTest {

    private static final JsonObject ANSWER = Json.createObjectBuilder()
            .add("token", "ghs_x").add("expires_at", "2026-11-22T12:00:00Z")
            .add("permissions", Json.createObjectBuilder().add("contents", "read"))
            .add("repository_selection", "selected")
            .add("repositories", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("id", 1).add("name", "app").add("full_name", "acme/app"))
                    .add(Json.createObjectBuilder().add("id", 2).add("name", "lib").add("full_name", "acme/lib")))
            .build();

    @Test
    void githubsAnswerIsPassedThroughWithTheInstallation() {
        JsonObject data = GithubTokenIssuer.data(ANSWER, 4242, "", false);
        assertThat(data.getJsonArray("repositories").getJsonObject(0).getString("full_name")).isEqualTo("acme/app");
        assertThat(data.getJsonNumber("installation_id").longValue()).isEqualTo(4242);
        assertThat(data).doesNotContainKey("org_name").containsKeys("token", "expires_at", "permissions", "repository_selection");
        assertThat(GithubTokenIssuer.data(ANSWER, 4242, "ACME", false).getString("org_name")).isEqualTo("ACME");
    }

    @Test
    void k14ExcludingRepositoryMetadataLeavesTheNames() {
        JsonObject data = GithubTokenIssuer.data(ANSWER, 4242, "", true);
        assertThat(data.getJsonArray("repositories").getValuesAs(JsonString::getString)).containsExactly("app", "lib");
    }

    @Test
    void githubFailuresReadAsStatusLineAndBody() {
        assertThat(GithubTokenIssuer.describe(new GitHubRejectedException("the mint", "Validation Failed")))
                .isEqualTo("422 Unprocessable Entity: {\"message\":\"Validation Failed\"}");
        assertThat(GithubTokenIssuer.describe(new GitHubNotFoundException("the mint", "Not Found")))
                .isEqualTo("404 Not Found: {\"message\":\"Not Found\"}");
        assertThat(GithubTokenIssuer.describe(new GitHubUnavailableException("GitHub could not be reached", 0, null, null)))
                .isEqualTo("GitHub could not be reached");
    }
}
