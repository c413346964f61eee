package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.tokenbroker.github.entity.InstallationToken;
import dev.tokenbroker.github.entity.ScopedTokenRequest;
import dev.tokenbroker.github.entity.TokenRequest;

import org.junit.jupiter.api.Test;

class TokenRequestAndExcessTest {

    private static final Instant EXP = Instant.parse("2026-11-22T11:00:00Z");

    @Test
    void anEmptyPermissionMapIsNeverSent() {
        assertThatThrownBy(() -> TokenRequest.forAllRepositories(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void selectedRepositoriesMustNameOne() {
        assertThatThrownBy(() -> TokenRequest.forRepositories(List.of(), Map.of("contents", "read")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactlyWhatWasAskedIsNoExcess() {
        TokenRequest asked = TokenRequest.forRepositories(List.of("Repo"), Map.of("contents", "write"));
        InstallationToken got = token(Map.of("contents", "write", "metadata", "read"), "selected", List.of("repo"));
        assertThat(GitHubApi.excess(asked, got)).isEmpty();
    }

    @Test
    void aHigherLevelIsExcess() {
        TokenRequest asked = TokenRequest.forRepositories(List.of("repo"), Map.of("contents", "read"));
        assertThat(GitHubApi.excess(asked, token(Map.of("contents", "write"), "selected", List.of("repo"))))
                .contains("permission contents:write");
    }

    @Test
    void anUnrequestedPermissionIsExcess() {
        TokenRequest asked = TokenRequest.forAllRepositories(Map.of("contents", "read"));
        assertThat(GitHubApi.excess(asked, token(Map.of("contents", "read", "issues", "write"), "all", List.of())))
                .contains("permission issues:write");
        assertThat(GitHubApi.excess(asked, token(Map.of("contents", "read", "metadata", "write"), "all", List.of())))
                .contains("permission metadata:write");
    }

    @Test
    void aScopedRequestLimitsOnlyWhatItNames() {
        jakarta.json.JsonObject answer = jakarta.json.Json.createObjectBuilder().add("repositories",
                jakarta.json.Json.createArrayBuilder()
                        .add(jakarta.json.Json.createObjectBuilder().add("id", 7).add("name", "a"))
                        .add(jakarta.json.Json.createObjectBuilder().add("id", 8).add("name", "b"))).build();
        InstallationToken two = token(Map.of("contents", "read", "issues", "write"), "selected", List.of("a", "b"));
        ScopedTokenRequest everything = new ScopedTokenRequest(List.of(), List.of(), Map.of());
        assertThat(GitHubApi.excess(everything, two, answer)).as("nothing named, nothing limited").isEmpty();
        ScopedTokenRequest byNameAndId = new ScopedTokenRequest(List.of("A"), List.of(8L), Map.of());
        assertThat(GitHubApi.excess(byNameAndId, two, answer)).isEmpty();
        ScopedTokenRequest oneId = new ScopedTokenRequest(List.of(), List.of(7L), Map.of());
        assertThat(GitHubApi.excess(oneId, two, answer)).contains("repository b");
        assertThat(GitHubApi.excess(oneId, token(Map.of(), "all", List.of()), jakarta.json.JsonValue.EMPTY_JSON_OBJECT))
                .contains("all repositories");
        ScopedTokenRequest readContents = new ScopedTokenRequest(List.of(), List.of(), Map.of("contents", "read"));
        assertThat(GitHubApi.excess(readContents, two, answer)).contains("permission issues:write");
    }

    @Test
    void anUnrequestedRepositoryOrAllRepositoriesIsExcess() {
        TokenRequest asked = TokenRequest.forRepositories(List.of("a"), Map.of("contents", "read"));
        assertThat(GitHubApi.excess(asked, token(Map.of("contents", "read"), "selected", List.of("a", "b"))))
                .contains("repository b");
        assertThat(GitHubApi.excess(asked, token(Map.of("contents", "read"), "all", List.of())))
                .contains("all repositories");
    }

    @Test
    void tokenNeverShowsInToString() {
        InstallationToken t = new InstallationToken("ghs_secretsecret", EXP, Map.of(), "all", List.of());
        assertThat(t.toString()).doesNotContain("ghs_secretsecret");
    }

    private static InstallationToken token(Map<String, String> permissions, String selection, List<String> repos) {
        return new InstallationToken("ghs_x", EXP, permissions, selection, repos);
    }
}
