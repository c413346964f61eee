package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Metric labels for GitHub calls name the route, never an owner, repository, file or user (issue 16). */
class GitHubRouteClassTest {

    @ParameterizedTest
    @CsvSource({
            "/app/installations/42/access_tokens, /app/installations/{id}/access_tokens",
            "/api/v3/app/installations/42/access_tokens, /app/installations/{id}/access_tokens",
            "/app, /app",
            "/orgs/octocat/installation, /orgs/{name}/installation",
            "/users/octocat/installation, /users/{name}/installation",
            "/repos/octocat/secret-sauce/contents/.github/access-token.yaml, /repos/{owner}/{repo}/contents/{path}",
            "/repos/octocat/secret-sauce, /repos/{owner}/{repo}",
            "/repos/octocat/secret-sauce/pulls/17/files, /repos/{owner}/{repo}/pulls/{number}/files",
            "/repositories/1296269/pulls/17/files, /repos/{owner}/{repo}/pulls/{number}/files",
            "/repositories/1296269, other",
            "/repos/octocat/secret-sauce/pulls/17, other",
            "/repos/octocat/secret-sauce/check-runs, /repos/{owner}/{repo}/check-runs",
            "/api/v3/repos/octocat/secret-sauce/check-runs/4242, /repos/{owner}/{repo}/check-runs/{id}",
            "/installation/token, /installation/token",
            "/user/teams, /user/teams",
            "/user, /user",
            "/orgs/octocat, /orgs/{org}",
            "/gists/abc, other",
            "/, other"})
    void aPathBecomesItsRouteClass(String path, String route) {
        assertThat(GitHubRouteClass.of(path)).isEqualTo(route);
    }
}
