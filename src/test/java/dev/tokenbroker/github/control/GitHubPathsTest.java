package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubPathsTest {

    @ParameterizedTest
    @CsvSource({
        "access-token.yaml, access-token.yaml",
        ".github/access-token.yaml, .github/access-token.yaml",
        "dir with space/ü.yml, dir%20with%20space/%C3%BC.yml",
        "a?b#c, a%3Fb%23c"
    })
    void encodesEachSegmentAndKeepsSlashes(String path, String encoded) {
        assertThat(GitHubPaths.filePath(path)).isEqualTo(encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secrets", "a/../b", "./a", "a//b", "/a", "a/", ""})
    void refusesPathsThatCouldEscapeOrAreAmbiguous(String path) {
        assertThatThrownBy(() -> GitHubPaths.filePath(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"octocat", "Octo-Org", "a", "user_name"})
    void acceptsLogins(String login) {
        assertThat(GitHubPaths.login(login)).isEqualTo(login);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-lead", "a/b", "a b", "x%2F", "..", "toolongtoolongtoolongtoolongtoolongtoolong"})
    void refusesLoginsThatAreNotGitHubs(String login) {
        assertThatThrownBy(() -> GitHubPaths.login(login)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a/b", "a b", "a%2e"})
    void refusesRepositoryNamesThatAreNotGitHubs(String name) {
        assertThatThrownBy(() -> GitHubPaths.repository(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {".github-access-token", "repo.js", "a_b-c"})
    void acceptsRepositoryNames(String name) {
        assertThat(GitHubPaths.repository(name)).isEqualTo(name);
    }
}
