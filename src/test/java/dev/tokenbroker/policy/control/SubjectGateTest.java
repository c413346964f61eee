package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectGateTest {

    /** A8: these values count as unset (ours). */
    @ParameterizedTest(name = "A8 unset: \"{0}\"")
    @NullSource
    @ValueSource(strings = {"", " ", "\t", ",", ",, ,", " , , "})
    void unset(String setting) {
        assertThat(SubjectGate.parse(setting)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            A7 star crosses colons                  | repo:octocat/*                  | repo:octocat/playground:ref:refs/heads/main | true
            A7 other owner is rejected              | repo:octocat/*                  | repo:evil/x:ref:refs/heads/main             | false
            star needs at least one character       | repo:octocat/*                  | repo:octocat/                               | false
            star matches exactly one character      | repo:octocat/*                  | repo:octocat/x                              | true
            two stars need two characters           | repo:**                         | repo:a                                      | false
            two stars match two characters          | repo:**                         | repo:ab                                     | true
            lone star matches anything non-empty    | '*'                             | repo:octocat/playground:pull_request        | true
            question mark matches one character     | repo:octocat/playgroun?         | repo:octocat/playground                     | true
            question mark matches a colon           | repo:octocat/playground?ref:*   | repo:octocat/playground:ref:refs/heads/main | true
            question mark is not empty              | repo:octocat/playground?        | repo:octocat/playground                     | false
            whole string only                       | repo:octocat/playground         | repo:octocat/playground:ref:refs/heads/main | false
            case-insensitive                        | REPO:OctoCat/*                  | repo:octocat/playground:ref:refs/heads/main | true
            case-insensitive subject                | repo:octocat/*                  | REPO:OCTOCAT/PLAYGROUND:REF:REFS/HEADS/MAIN | true
            everything else literal                 | repo:octo.at/*                  | repo:octocat/playground:ref:refs/heads/main | false
            several entries with spaces, second     | ' repo:spongebob/* , repo:octocat/* ' | repo:octocat/playground:ref:refs/heads/main | true
            several entries with spaces, none       | ' repo:spongebob/* , repo:octocat/x:* ' | repo:octocat/playground:ref:refs/heads/main | false
            empty entries are skipped               | ',repo:octocat/*,,'             | repo:octocat/playground:ref:refs/heads/main | true
            """)
    void admits(String name, String setting, String rawSub, boolean expected) {
        assertThat(SubjectGate.parse(setting)).hasValueSatisfying(gate -> assertThat(gate.admits(rawSub)).isEqualTo(expected));
    }

    @Test
    void entriesAreTrimmedAndKeptInOrder() {
        assertThat(SubjectGate.parse(" repo:a/* ,, repo:b/?x ,").orElseThrow().entries())
                .containsExactly("repo:a/*", "repo:b/?x");
    }

    @Test
    void nullSubjectIsNotAdmitted() {
        assertThat(SubjectGate.parse("*").orElseThrow().admits(null)).isFalse();
    }

    @Test
    void longInputCompletes() {
        SubjectGate gate = SubjectGate.parse("repo:" + "*a".repeat(200) + "b").orElseThrow();
        assertThat(gate.admits("repo:" + "a".repeat(10_000))).isFalse();
        assertThat(gate.admits("repo:" + "a".repeat(10_000) + "b")).isTrue();
        assertThat(SubjectGate.parse("repo:" + "*".repeat(200)).orElseThrow().admits("repo:" + "a".repeat(199))).isFalse();
        assertThat(SubjectGate.parse("repo:" + "*".repeat(200)).orElseThrow().admits("repo:" + "a:".repeat(100))).isTrue();
    }
}
