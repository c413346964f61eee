package dev.tokenbroker.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The policy files of worlds A and B of actions-exchange.md §11.0, by {@code owner/repo/path}. Shared by the
 * evaluator's unit tables and the exchange's integration tests, so both decide on the same files.
 */
public final class PolicyFixtures {

    private PolicyFixtures() {
    }

    /** World A. */
    public static Map<String, String> worldA() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("octocat/.github-access-token/access-token.yaml", """
                origin: octocat/.github-access-token
                allowed-repository-permissions: {contents: write, secrets: write, pull_requests: write}
                statements: [{subjects: ['repo:octocat/playground:ref:refs/heads/main'], permissions: {organization-secrets: write}}]
                """);
        files.put("octocat/playground/.github/access-token.yaml", """
                origin: octocat/playground
                statements:
                  - {subjects: ['repo:${origin}:ref:refs/heads/*'], permissions: {contents: write, secrets: write, pull_requests: write, bogus-scope: write}}
                  - {subjects: ['not-a-statement']}
                """);
        files.put("octocat/other/.github/access-token.yml", """
                origin: OctoCat/Other
                statements: [{subjects: ['repo:octocat/playground:workflow_ref:octocat/playground/.github/workflows/build.yml@refs/heads/*'], permissions: {contents: read}}]
                """);
        files.put("octocat/badorigin/.github/access-token.yaml", """
                origin: octocat/somethingelse
                statements: []
                """);
        return files;
    }

    /** World B: A without the bad-origin repository, with these files replacing or adding to A's. */
    public static Map<String, String> worldB() {
        Map<String, String> files = worldA();
        files.remove("octocat/badorigin/.github/access-token.yaml");
        files.put("octocat/.github-access-token/access-token.yaml", """
                origin: octocat/.github-access-token
                allowed-repository-permissions: {contents: write, secrets: write, issues: write}
                statements:
                  - {subjects: ['repo:octocat/playground:environment:prod'], permissions: {organization-secrets: write}}
                  - {subjects: ['repo:octocat/playground:**'], permissions: {issues: read}}
                """);
        files.put("octocat/playground/.github/access-token.yaml", """
                origin: octocat/playground
                statements:
                  - {subjects: ['ref:refs/heads/main'], permissions: {contents: write}}
                  - {subjects: ['repo:${origin}:pull_request'], permissions: {secrets: read}}
                  - {subjects: ['workflow_ref:/.github/workflows/deploy.yml@refs/heads/main'], permissions: {secrets: write}}
                  - {subjects: ['repo:spongebob/*:ref:refs/heads/main'], permissions: {contents: read}}
                  - {subjects: ['repo:octocat@583231/playground@1234567:environment:prod'], permissions: {issues: write}}
                """);
        files.put("spongebob/.github-access-token/access-token.yml", """
                origin: spongebob/.github-access-token
                allowed-subjects: ['repo:octocat/playground:**']
                allowed-repository-permissions: {contents: read}
                """);
        files.put("spongebob/sandbox/.github/access-token.yaml", """
                origin: spongebob/sandbox
                statements: [{subjects: ['repo:octocat/playground:ref:refs/heads/main'], permissions: {contents: read}}]
                """);
        return files;
    }
}
