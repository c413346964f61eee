package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SubjectPatternTest {

    static final String S = "repo:octocat/playground:ref:refs/heads/main";
    static final String SI = "repo:octocat@583231/playground@1234567:ref:refs/heads/main";

    /** Every row of contract §7.3 (M1), one case per pattern/subject pair. */
    @ParameterizedTest(name = "§7.3 {0}")
    @CsvSource(delimiter = '|', textBlock = """
            exact match                       | repo:octocat/playground:ref:refs/heads/main                 | repo:octocat/playground:ref:refs/heads/main | true
            other repository                  | repo:octocat/playground:ref:refs/heads/main                 | repo:octocat/sandbox:ref:refs/heads/main    | false
            case-insensitive                  | REPO:OctoCat/PlayGround:ref:refs/heads/MAIN                 | repo:octocat/playground:ref:refs/heads/main | true
            star in repo name                 | repo:octocat/*:ref:refs/heads/main                          | repo:octocat/playground:ref:refs/heads/main | true
            star crosses slash                | repo:octocat/*:ref:refs/heads/*                             | repo:octocat/playground:ref:refs/heads/feature/x | true
            star does not cross colon         | repo:octocat/*                                              | repo:octocat/playground:ref:refs/heads/main | false
            star then colon double star       | repo:octocat/*:**                                           | repo:octocat/playground:ref:refs/heads/main | true
            double star crosses colon         | repo:octocat/**                                             | repo:octocat/playground:ref:refs/heads/main | true
            empty tail after colon            | repo:octocat/playground:**                                  | 'repo:octocat/playground:'                  | true
            missing colon before tail         | repo:octocat/playground:**                                  | repo:octocat/playground                     | false
            tail needs a colon                | repo:octocat/playground:ref:refs/heads/main:**              | repo:octocat/playground:ref:refs/heads/main | false
            guard star claim name             | repo:foo/bar:*                                              | repo:foo/bar:pull_request                   | false
            guard leading star                | '*:refs/heads/*'                                            | repo:octocat/playground:ref:refs/heads/main | false
            guard lone double star            | '**'                                                        | repo:octocat/playground:ref:refs/heads/main | false
            question mark                     | repo:octocat/playground:ref:refs/heads/ma?n                 | repo:octocat/playground:ref:refs/heads/main | true
            question mark is one char         | repo:octocat/playground:ref:refs/heads/?                    | repo:octocat/playground:ref:refs/heads/main | false
            pull request                      | repo:octocat/playground:pull_request                        | repo:octocat/playground:pull_request        | true
            immutable exact                   | repo:octocat@583231/playground@1234567:ref:refs/heads/main  | repo:octocat@583231/playground@1234567:ref:refs/heads/main | true
            wildcard ids                      | repo:octocat@*/playground@*:ref:refs/heads/main             | repo:octocat@583231/playground@1234567:ref:refs/heads/main | true
            different owner id                | repo:octocat@123456/*@1234567:ref:refs/heads/main           | repo:octocat@583231/playground@1234567:ref:refs/heads/main | false
            immutable owner tail on SI        | repo:octocat@583231/*:**                                    | repo:octocat@583231/playground@1234567:ref:refs/heads/main | true
            immutable owner tail on S         | repo:octocat@583231/*:**                                    | repo:octocat/playground:ref:refs/heads/main | false
            colon after owner id              | repo:octocat@*:/playground@1234567:ref:refs/heads/main      | repo:octocat@583231/playground@1234567:ref:refs/heads/main | false
            immutable upper case              | repo:OCTOCAT@583231/PLAYGROUND@1234567:ref:refs/heads/main  | repo:octocat@583231/playground@1234567:ref:refs/heads/main | true
            immutable workflow_ref tail       | repo:octocat@583231/playground@1234567:workflow_ref:**      | repo:octocat@583231/playground@1234567:workflow_ref:octocat/playground/.github/workflows/build.yml@refs/heads/main | true
            environment case-insensitive      | repo:octocat/playground:environment:prod                    | repo:octocat/playground:environment:Prod    | true
            """)
    void section73(String name, String pattern, String subject, boolean expected) {
        assertThat(SubjectPattern.matches(pattern, subject)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            star matches empty                   | repo:octocat/playground*:ref:refs/heads/main     | true
            double star matches empty            | repo:octocat/playground**:ref:refs/heads/main    | true
            question mark never matches colon    | repo:octocat/playground?ref:refs/heads/main      | false
            star in value only                   | repo:octocat/playground:ref:*                    | true
            triple star crosses colon            | repo:octocat/***                                 | true
            triple star is double then single    | repo:***:ref:refs/heads/main                     | true
            triple star in value then literal    | repo:octocat/play***main                         | true
            literal mismatch at end              | repo:octocat/playground:ref:refs/heads/mai       | false
            subject longer than pattern          | repo:octocat/playground:ref:refs/heads           | false
            empty pattern                        | ''                                               | false
            """)
    void wildcardDetails(String name, String pattern, boolean expected) {
        assertThat(SubjectPattern.matches(pattern, S)).isEqualTo(expected);
    }

    /** The claim-name guard of §7.1: names are the elements at even indexes after stripping one trailing ":**". */
    @ParameterizedTest(name = "guard {0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain subject                        | repo:octocat/playground:ref:refs/heads/main      | true
            trailing tail stripped               | repo:octocat/*:**                                | true
            double star in first value           | repo:octocat/**                                  | true
            wildcards only in values             | repo:o/*:ref:refs/heads/?*                       | true
            star in first claim name             | '*:refs/heads/*'                                 | false
            question mark in first claim name    | r?po:octocat/playground                          | false
            star in third claim name             | repo:foo/bar:*                                   | false
            question mark in third claim name    | repo:foo/bar:?ef:refs/heads/main                 | false
            double star alone                    | '**'                                             | false
            only one tail is stripped            | repo:x:**:**                                     | false
            double star as middle claim name     | repo:octocat/playground:**:main                  | false
            triple star tail is not stripped     | repo:x:***                                       | false
            triple star in first value           | repo:***                                         | true
            empty claim names are fine           | ::x                                              | true
            """)
    void claimNameGuard(String name, String pattern, boolean passes) {
        assertThat(SubjectPattern.passesClaimNameGuard(pattern)).isEqualTo(passes);
    }

    @Test
    void guardedPatternNeverMatchesEvenWhenTheGlobWould() {
        assertThat(SubjectPattern.matches("repo:foo/bar:*", "repo:foo/bar:")).isFalse();
        assertThat(SubjectPattern.matches("**", "")).isFalse();
        assertThat(SubjectPattern.matches("repo:x:**:**", "repo:x:a:b")).isFalse();
    }

    @Test
    void nullInputNeverMatches() {
        assertThat(SubjectPattern.matches(null, S)).isFalse();
        assertThat(SubjectPattern.matches("repo:**", null)).isFalse();
    }

    @Test
    void questionMarkCountsCodePointsNotCharUnits() {
        assertThat(SubjectPattern.matches("repo:o/r:environment:?", "repo:o/r:environment:\uD83D\uDE00")).isTrue();
        assertThat(SubjectPattern.matches("repo:o/r:environment:??", "repo:o/r:environment:\uD83D\uDE00")).isFalse();
    }

    @Test
    void caseFoldingKeepsCharacterCounts() {
        // "İ" lower-cases to two chars under Locale.ROOT; per-code-point folding keeps '?' at one character.
        assertThat(SubjectPattern.matches("repo:o/r:environment:?", "repo:o/r:environment:\u0130")).isTrue();
        assertThat(SubjectPattern.matches("repo:o/r:environment:straße", "repo:o/r:environment:STRAßE")).isTrue();
    }

    static Stream<Arguments> adversarial() {
        String tenThousand = "a".repeat(10_000);
        return Stream.of(
                Arguments.of("200 stars then a missing literal", "repo:" + "*".repeat(200) + "b", "repo:" + tenThousand, false),
                Arguments.of("200 stars then a present literal", "repo:" + "*".repeat(200) + "b", "repo:" + tenThousand + "b", true),
                Arguments.of("200 single stars between literals, no match", "repo:" + "a*".repeat(200) + "b", "repo:" + tenThousand, false),
                Arguments.of("200 single stars between literals, match", "repo:" + "*a".repeat(200), "repo:" + tenThousand, true),
                Arguments.of("200 double stars across colons, no match", "repo:" + "**a".repeat(200) + ":b", "repo:" + "a:".repeat(5_000), false),
                Arguments.of("single star cannot cross 5000 colons", "repo:" + "*a".repeat(200), "repo:" + "a:".repeat(5_000) + "a", false),
                Arguments.of("200 question marks and stars", "repo:" + "?*".repeat(200) + "b", "repo:" + tenThousand, false),
                Arguments.of("512-char pattern against 10k subject", "repo:" + "a*".repeat(253) + "a", "repo:" + tenThousand, true));
    }

    @ParameterizedTest(name = "adversarial: {0}")
    @MethodSource("adversarial")
    void longAdversarialInputs(String name, String pattern, String subject, boolean expected) {
        assertThat(SubjectPattern.matches(pattern, subject)).isEqualTo(expected);
    }

    static Stream<Arguments> lists() {
        List<String> subjects = List.of(S, "repo:octocat/playground:workflow_ref:octocat/playground/.github/workflows/build.yml@refs/heads/main");
        return Stream.of(
                Arguments.of("one of several patterns matches one subject",
                        List.of("repo:spongebob/*:**", "repo:octocat/playground:workflow_ref:**"), subjects, true),
                Arguments.of("no pattern matches any subject",
                        List.of("repo:spongebob/*:**", "repo:octocat/sandbox:**"), subjects, false),
                Arguments.of("guarded pattern is skipped, later one matches",
                        List.of("**", "repo:octocat/*:**"), subjects, true),
                Arguments.of("only guarded patterns", List.of("**", "*:refs/heads/*"), subjects, false),
                Arguments.of("no patterns", List.of(), subjects, false),
                Arguments.of("no subjects", List.of("repo:octocat/*:**"), List.of(), false),
                Arguments.of("null entries are ignored", Arrays.asList(null, "repo:octocat/*:**"), Arrays.asList(null, S), true),
                Arguments.of("null lists", null, Collections.emptyList(), false));
    }

    @ParameterizedTest(name = "M3 {0}")
    @MethodSource("lists")
    void anyMatches(String name, List<String> patterns, List<String> subjects, boolean expected) {
        assertThat(SubjectPattern.anyMatches(patterns, subjects)).isEqualTo(expected);
    }
}
