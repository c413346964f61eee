package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbroker.policy.entity.CallerClaims;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EffectiveSubjectsTest {

    static final String IMM = "octocat@583231/playground@1234567";
    static final String R = "octocat/playground";
    static final String BUILD = "octocat/playground/.github/workflows/build.yml@refs/heads/main";
    static final String DEPLOY = "octocat/playground/.github/workflows/deploy.yml@refs/heads/main";
    static final String RELEASE = "octocat/shared/.github/workflows/release.yml@refs/tags/v2";

    /** Claims of the caller octocat/playground with the given raw sub and optional claims. */
    static CallerClaims claims(String sub, String ref, String workflowRef, String jobWorkflowRef, String environment) {
        return new CallerClaims(sub, R, "1234567", "octocat", "583231", Optional.ofNullable(ref),
                Optional.ofNullable(workflowRef), Optional.ofNullable(jobWorkflowRef), Optional.ofNullable(environment));
    }

    /** Token T of §11.0: a legacy push token, no environment. */
    static CallerClaims tokenT() {
        return claims("repo:octocat/playground:ref:refs/heads/main", "refs/heads/main", BUILD, BUILD, null);
    }

    /** The worked example of §6.3. */
    static CallerClaims workedExample(String environment) {
        return claims("repo:" + IMM + ":environment:prod", "refs/heads/main", DEPLOY, RELEASE, environment);
    }

    static Stream<Arguments> derivations() {
        return Stream.of(
                Arguments.of("M4 token T yields the six subjects of §6.3", tokenT(), true, List.of(
                        "repo:octocat/playground:ref:refs/heads/main",
                        "repo:" + IMM + ":ref:refs/heads/main",
                        "repo:" + IMM + ":workflow_ref:" + BUILD,
                        "repo:" + R + ":workflow_ref:" + BUILD,
                        "repo:" + IMM + ":job_workflow_ref:" + BUILD,
                        "repo:" + R + ":job_workflow_ref:" + BUILD)),
                Arguments.of("M5 the §6.3 example yields its eight subjects", workedExample("prod"), true, List.of(
                        "repo:" + IMM + ":environment:prod",
                        "repo:" + IMM + ":ref:refs/heads/main",
                        "repo:" + R + ":ref:refs/heads/main",
                        "repo:" + IMM + ":workflow_ref:" + DEPLOY,
                        "repo:" + R + ":workflow_ref:" + DEPLOY,
                        "repo:" + IMM + ":job_workflow_ref:" + RELEASE,
                        "repo:" + R + ":job_workflow_ref:" + RELEASE,
                        "repo:" + R + ":environment:prod")),
                Arguments.of("M5 switch off gives the peer's seven", workedExample("prod"), false, List.of(
                        "repo:" + IMM + ":environment:prod",
                        "repo:" + IMM + ":ref:refs/heads/main",
                        "repo:" + R + ":ref:refs/heads/main",
                        "repo:" + IMM + ":workflow_ref:" + DEPLOY,
                        "repo:" + R + ":workflow_ref:" + DEPLOY,
                        "repo:" + IMM + ":job_workflow_ref:" + RELEASE,
                        "repo:" + R + ":job_workflow_ref:" + RELEASE)),
                Arguments.of("M5 colon in environment is escaped",
                        claims("repo:octocat/playground:environment:Prod%3AEU", null, null, null, "Prod:EU"), true, List.of(
                        "repo:octocat/playground:environment:Prod%3AEU",
                        "repo:" + IMM + ":environment:Prod%3AEU")),
                Arguments.of("M5 environment absent",
                        claims("repo:octocat/playground:ref:refs/heads/main", "refs/heads/main", null, null, null), true, List.of(
                        "repo:octocat/playground:ref:refs/heads/main",
                        "repo:" + IMM + ":ref:refs/heads/main")),
                Arguments.of("M5 environment empty",
                        claims("repo:octocat/playground:ref:refs/heads/main", "refs/heads/main", null, null, ""), true, List.of(
                        "repo:octocat/playground:ref:refs/heads/main",
                        "repo:" + IMM + ":ref:refs/heads/main")),
                Arguments.of("M5 environment blank",
                        claims("repo:octocat/playground:ref:refs/heads/main", "refs/heads/main", null, null, "  "), true, List.of(
                        "repo:octocat/playground:ref:refs/heads/main",
                        "repo:" + IMM + ":ref:refs/heads/main")),
                Arguments.of("M5 environment switch off",
                        claims("repo:octocat/playground:environment:prod", "refs/heads/main", null, null, "prod"), false, List.of(
                        "repo:octocat/playground:environment:prod",
                        "repo:" + IMM + ":ref:refs/heads/main",
                        "repo:" + R + ":ref:refs/heads/main")),
                Arguments.of("M4 pull-request refs give no artificial subjects",
                        claims("repo:octocat/playground:pull_request", "refs/pull/42/merge",
                                "octocat/playground/.github/workflows/ci.yml@refs/pull/42/merge",
                                "octocat/playground/.github/workflows/ci.yml@refs/pull/42/merge", null), true, List.of(
                        "repo:octocat/playground:pull_request")),
                Arguments.of("M4 tags give ref subjects",
                        claims("repo:octocat/playground:ref:refs/tags/v1", "refs/tags/v1", null, null, null), true, List.of(
                        "repo:octocat/playground:ref:refs/tags/v1",
                        "repo:" + IMM + ":ref:refs/tags/v1")),
                Arguments.of("A16 no ref, workflow_ref or job_workflow_ref gives only the raw sub",
                        claims("repo:octocat/playground:ref:refs/heads/main", null, null, null, null), true, List.of(
                        "repo:octocat/playground:ref:refs/heads/main")),
                Arguments.of("A16 plus environment subjects",
                        claims("repo:octocat/playground:environment:prod", null, null, null, "prod"), true, List.of(
                        "repo:octocat/playground:environment:prod",
                        "repo:" + IMM + ":environment:prod")),
                Arguments.of("workflow_ref without @ gives nothing",
                        claims("sub", null, "octocat/playground/.github/workflows/x.yml", null, null), true, List.of("sub")),
                Arguments.of("workflow_ref ref is read up to the next @",
                        claims("sub", null, "o/r/.github/workflows/x.yml@refs/heads/a@b", "o/r/x.yml@feature@refs/heads/main", null),
                        true, List.of(
                        "sub",
                        "repo:" + IMM + ":workflow_ref:o/r/.github/workflows/x.yml@refs/heads/a@b",
                        "repo:" + R + ":workflow_ref:o/r/.github/workflows/x.yml@refs/heads/a@b")),
                Arguments.of("ref prefixes are case-sensitive",
                        claims("sub", "Refs/Heads/main", null, null, null), true, List.of("sub")),
                Arguments.of("customised sub keeps the artificial subjects",
                        claims("repository_owner_id:583231:repository_id:1234567", "refs/heads/main", null, null, null), true,
                        List.of("repository_owner_id:583231:repository_id:1234567",
                                "repo:" + IMM + ":ref:refs/heads/main",
                                "repo:" + R + ":ref:refs/heads/main")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derivations")
    void derive(String name, CallerClaims claims, boolean environmentSubjects, List<String> expected) {
        assertThat(EffectiveSubjects.derive(claims, environmentSubjects)).containsExactlyElementsOf(expected);
    }

    @Test
    void resultIsUnmodifiable() {
        List<String> subjects = EffectiveSubjects.derive(tokenT(), true);
        assertThatThrownBy(() -> subjects.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** M6 and §8.1 step E7. */
    @ParameterizedTest(name = "M6 {0}")
    @CsvSource(delimiter = '|', textBlock = """
            T gives the legacy owner pattern          | repo:octocat/playground:ref:refs/heads/main                | repo:octocat/*:**
            T-imm gives the immutable owner pattern   | repo:octocat@583231/playground@1234567:ref:refs/heads/main | repo:octocat@583231/*:**
            custom sub without @ is legacy            | repository_owner_id:583231                                 | repo:octocat/*:**
            """)
    void defaultAllowedSubject(String name, String rawSub, String expected) {
        assertThat(EffectiveSubjects.defaultAllowedSubject("octocat", 583231L, rawSub)).isEqualTo(expected);
    }

    @Test
    void defaultAllowedSubjectAdmitsTheOwnersTokens() {
        CallerClaims tImm = claims("repo:" + IMM + ":ref:refs/heads/main", "refs/heads/main", BUILD, BUILD, null);
        String legacy = EffectiveSubjects.defaultAllowedSubject("octocat", 583231L, tokenT().sub());
        String immutable = EffectiveSubjects.defaultAllowedSubject("octocat", 583231L, tImm.sub());
        assertThat(SubjectPattern.anyMatches(List.of(legacy), EffectiveSubjects.derive(tokenT(), true))).isTrue();
        assertThat(SubjectPattern.anyMatches(List.of(immutable), EffectiveSubjects.derive(tImm, true))).isTrue();
        assertThat(SubjectPattern.anyMatches(List.of("repo:spongebob/*:**"), EffectiveSubjects.derive(tokenT(), true)))
                .isFalse();
    }
}
