package dev.tokenbroker.vault.jwtauth.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases of ryanuber/go-glob's own glob_test.go and its quirks, which Vault roles rely on. */
class GoGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "*|anything|true",
        "*|''|true",
        "''|''|true",
        "''|x|false",
        "repo:octo-org/*|repo:octo-org/octo-repo:ref:refs/heads/main|true",
        "repo:octo-org/*|repo:octo-orgs/x|false",
        "repo:octo-org/*:ref:refs/heads/main|repo:octo-org/a/b:ref:refs/heads/main|true",
        "repo:octo-org/*:ref:refs/heads/main|repo:octo-org/a:ref:refs/heads/main2|false",
        "*test|this is a test|true",
        "this*|this is a test|true",
        "*is *a*|this is a test|true",
        "*is*a*|this is a test|true",
        "**test**|this is a test|true",
        "this*test|this is a test|true",
        "this*test|this is a tes|false",
        "*no*|this is a test|false",
        "refs/heads/*|refs/heads/|true",
        "a*b*c|abc|true",
        "a*b*c|acb|false",
        "a*a|a|false",
        "*a|''|false",
        "exact|exact|true",
        "exact|Exact|false",
        "?|a|false",
        "[a]|a|false",
    })
    void matchesAsGoGlobDoes(String pattern, String subject, boolean expected) {
        assertThat(GoGlob.matches(pattern, subject)).isEqualTo(expected);
    }
}
