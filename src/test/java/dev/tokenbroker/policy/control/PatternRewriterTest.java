package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PatternRewriterTest {

    static final String PLAYGROUND = "octocat/playground";
    static final String OWNER_POLICY = "octocat/.github-access-token";

    /** Every row of the contract's §7.2 table (M1). */
    static Stream<Arguments> section72() {
        return Stream.of(
                Arguments.of("origin variable in a full subject",
                        "repo:${origin}:ref:refs/heads/*", PLAYGROUND,
                        List.of("repo:octocat/playground:ref:refs/heads/*")),
                Arguments.of("short ref form",
                        "ref:refs/heads/main", PLAYGROUND,
                        List.of("ref:refs/heads/main", "repo:octocat/playground:ref:refs/heads/main")),
                Arguments.of("short environment form",
                        "environment:production", PLAYGROUND,
                        List.of("environment:production", "repo:octocat/playground:environment:production")),
                Arguments.of("repository-relative workflow_ref",
                        "workflow_ref:/.github/workflows/deploy.yml@refs/heads/main", PLAYGROUND,
                        List.of("workflow_ref:/.github/workflows/deploy.yml@refs/heads/main",
                                "repo:octocat/playground:workflow_ref:octocat/playground/.github/workflows/deploy.yml@refs/heads/main")),
                Arguments.of("repository-relative job_workflow_ref takes the pattern's repo",
                        "repo:spongebob/x:job_workflow_ref:/.github/workflows/d.yml@refs/heads/main", PLAYGROUND,
                        List.of("repo:spongebob/x:job_workflow_ref:/.github/workflows/d.yml@refs/heads/main",
                                "repo:spongebob/x:job_workflow_ref:spongebob/x/.github/workflows/d.yml@refs/heads/main")),
                Arguments.of("full subject is not duplicated",
                        "repo:octocat/playground:ref:refs/heads/main", PLAYGROUND,
                        List.of("repo:octocat/playground:ref:refs/heads/main")),
                Arguments.of("short form in the owner policy uses the policy repository",
                        "ref:refs/heads/main", OWNER_POLICY,
                        List.of("ref:refs/heads/main", "repo:octocat/.github-access-token:ref:refs/heads/main")));
    }

    @ParameterizedTest(name = "§7.2 {0}")
    @MethodSource("section72")
    void section72(String name, String written, String fileOrigin, List<String> expected) {
        assertThat(PatternRewriter.effectivePatterns(written, fileOrigin)).containsExactlyElementsOf(expected);
    }

    /** M2 and further cases of the two rewriting steps. */
    static Stream<Arguments> rewriting() {
        return Stream.of(
                Arguments.of("origin substituted once",
                        "repo:${origin}:pull_request", PLAYGROUND,
                        List.of("repo:octocat/playground:pull_request")),
                Arguments.of("origin substituted several times",
                        "repo:${origin}:workflow_ref:${origin}/.github/workflows/build.yml@refs/heads/${origin}", PLAYGROUND,
                        List.of("repo:octocat/playground:workflow_ref:octocat/playground/.github/workflows/build.yml@refs/heads/octocat/playground")),
                Arguments.of("origin in the owner policy is the policy repository, not the caller",
                        "repo:${origin}:ref:refs/heads/main", OWNER_POLICY,
                        List.of("repo:octocat/.github-access-token:ref:refs/heads/main")),
                Arguments.of("origin is case-sensitive",
                        "repo:${ORIGIN}:ref:refs/heads/main", PLAYGROUND,
                        List.of("repo:${ORIGIN}:ref:refs/heads/main")),
                Arguments.of("only the exact variable is replaced",
                        "repo:$origin:ref:{origin}", PLAYGROUND,
                        List.of("repo:$origin:ref:{origin}")),
                Arguments.of("full immutable subject is not duplicated",
                        "repo:octocat@583231/playground@1234567:environment:prod", PLAYGROUND,
                        List.of("repo:octocat@583231/playground@1234567:environment:prod")),
                Arguments.of("full subject with wildcards is not duplicated",
                        "repo:octocat/*:**", PLAYGROUND,
                        List.of("repo:octocat/*:**")),
                Arguments.of("absolute workflow_ref is left alone",
                        "repo:octocat/playground:workflow_ref:octocat/playground/.github/workflows/build.yml@refs/heads/*",
                        PLAYGROUND,
                        List.of("repo:octocat/playground:workflow_ref:octocat/playground/.github/workflows/build.yml@refs/heads/*")),
                Arguments.of("short relative job_workflow_ref",
                        "job_workflow_ref:/.github/workflows/r.yml@refs/tags/v2", PLAYGROUND,
                        List.of("job_workflow_ref:/.github/workflows/r.yml@refs/tags/v2",
                                "repo:octocat/playground:job_workflow_ref:octocat/playground/.github/workflows/r.yml@refs/tags/v2")),
                Arguments.of("only the first workflow claim is prefixed",
                        "workflow_ref:/a.yml@refs/heads/main:job_workflow_ref:/b.yml@refs/heads/main", PLAYGROUND,
                        List.of("workflow_ref:/a.yml@refs/heads/main:job_workflow_ref:/b.yml@refs/heads/main",
                                "repo:octocat/playground:workflow_ref:octocat/playground/a.yml@refs/heads/main"
                                        + ":job_workflow_ref:/b.yml@refs/heads/main")),
                Arguments.of("first workflow claim absolute stops the search",
                        "repo:o/r:workflow_ref:o/r/a.yml@refs/heads/main:job_workflow_ref:/b.yml", PLAYGROUND,
                        List.of("repo:o/r:workflow_ref:o/r/a.yml@refs/heads/main:job_workflow_ref:/b.yml")),
                Arguments.of("repo claim further in takes precedence over the file origin",
                        "ref:refs/heads/main:repo:spongebob/x", PLAYGROUND,
                        List.of("ref:refs/heads/main:repo:spongebob/x", "repo:spongebob/x:ref:refs/heads/main:repo:spongebob/x")),
                Arguments.of("a claim value named like a claim is not a claim",
                        "environment:workflow_ref:/x", PLAYGROUND,
                        List.of("environment:workflow_ref:/x", "repo:octocat/playground:environment:workflow_ref:/x")),
                Arguments.of("upper-case REPO claim is recognised",
                        "REPO:spongebob/x:workflow_ref:/w.yml@refs/heads/main", PLAYGROUND,
                        List.of("REPO:spongebob/x:workflow_ref:/w.yml@refs/heads/main",
                                "REPO:spongebob/x:workflow_ref:spongebob/x/w.yml@refs/heads/main")),
                Arguments.of("empty repo value falls back to the file origin",
                        "repo::workflow_ref:/w.yml", PLAYGROUND,
                        List.of("repo::workflow_ref:/w.yml", "repo::workflow_ref:octocat/playground/w.yml")),
                Arguments.of("lone double star gets the repository-scoped variant (peer parity)",
                        "**", PLAYGROUND,
                        List.of("**", "repo:octocat/playground:**")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rewriting")
    void rewriting(String name, String written, String fileOrigin, List<String> expected) {
        assertThat(PatternRewriter.effectivePatterns(written, fileOrigin)).containsExactlyElementsOf(expected);
    }

    @Test
    void rewrittenShortFormMatchesTheLegacySubject() {
        List<String> patterns = PatternRewriter.effectivePatterns(
                "workflow_ref:/.github/workflows/deploy.yml@refs/heads/main", PLAYGROUND);
        assertThat(SubjectPattern.anyMatches(patterns, List.of(
                "repo:octocat/playground:workflow_ref:octocat/playground/.github/workflows/deploy.yml@refs/heads/main")))
                .isTrue();
    }

    @Test
    void resultIsUnmodifiable() {
        List<String> patterns = PatternRewriter.effectivePatterns("ref:refs/heads/main", PLAYGROUND);
        assertThatThrownBy(() -> patterns.add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> PatternRewriter.effectivePatterns(null, PLAYGROUND));
        assertThatNullPointerException().isThrownBy(() -> PatternRewriter.effectivePatterns("ref:x", null));
    }
}
