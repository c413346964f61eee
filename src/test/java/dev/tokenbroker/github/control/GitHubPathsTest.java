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

    @ParameterizedTest
    @ValueSource(strings = {"6dcb09b5b57875f334f61aebed695e2e4193db5e",
            "6DCB09B5B57875F334F61AEBED695E2E4193DB5E",
            "b1a3f0c6e58a9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9"})
    void acceptsFullCommitShas(String sha) {
        assertThat(GitHubPaths.commitSha(sha)).isEqualTo(sha);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "main", "refs/heads/main", "6dcb09b", "6dcb09b5b57875f334f61aebed695e2e4193db5",
            "6dcb09b5b57875f334f61aebed695e2e4193db5e0", "6dcb09b5b57875f334f61aebed695e2e4193db5g",
            "6dcb09b5b57875f334f61aebed695e2e4193db5e&x=1"})
    void refusesAnythingButAFullCommitSha(String ref) {
        assertThatThrownBy(() -> GitHubPaths.commitSha(ref)).isInstanceOf(IllegalArgumentException.class);
    }
}
