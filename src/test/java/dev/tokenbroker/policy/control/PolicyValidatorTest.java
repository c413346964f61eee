package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.policy.entity.Finding;
import dev.tokenbroker.policy.entity.OwnerPolicy;

/** issue 18: a policy file's findings as data, with lines, columns and suggestions, from the exchange's own parser. */
class PolicyValidatorTest {

    private final PolicyValidator validator = new PolicyValidator(PermissionCatalog.standard());

    private List<String> repository(String text) {
        return repository(text, Optional.empty());
    }

    private List<String> repository(String text, Optional<OwnerPolicy> owner) {
        return validator.validateRepositoryPolicy(text, "octo-org", "website", ".github/access-token.yaml", owner).stream()
                .map(f -> f.render(".github/access-token.yaml")).toList();
    }

    private List<String> owner(String text) {
        return validator.validateOwnerPolicy(text, "octo-org", "access-token.yaml").stream()
                .map(f -> f.render("access-token.yaml")).toList();
    }

    @Test
    void aValidPolicyHasNoFindings() {
        assertThat(repository("""
                origin: octo-org/website
                statements:
                  - subjects: ['repo:octo-org/deployer:ref:refs/heads/main', 'repo:${origin}:environment:production']
                    permissions: {contents: write, pull_requests: read}
                """)).isEmpty();
        assertThat(owner("""
                origin: octo-org/.github-access-token
                allowed-subjects: ['repo:octo-org/*:**']
                allowed-repository-permissions: {contents: write}
                statements: []
                """)).isEmpty();
    }

    @Test
    void aMisspeltLevelIsAnErrorWithTheNearestLevel() {
        assertThat(repository("""
                origin: octo-org/website
                statements:
                  - subjects: ['repo:octo-org/deployer:**']
                    permissions:
                      contents: writ
                """)).containsExactly(".github/access-token.yaml:5:17: error: level must be one of read, write; the entry is "
                + "ignored [statements[0].permissions.contents] (did you mean 'write'?)");
    }

    @Test
    void aMisspeltPermissionIsAnErrorWithTheNearestName() {
        assertThat(repository("""
                origin: octo-org/website
                statements:
                  - subjects: ['repo:octo-org/deployer:**']
                    permissions: {contnets: read}
                """)).containsExactly(".github/access-token.yaml:4:19: error: unknown permission 'contnets'; the entry is "
                + "ignored [statements[0].permissions.contnets] (did you mean 'contents'?)");
    }

    @Test
    void yamlErrorsAndFatalProblemsHaveTheirPlace() {
        assertThat(repository("origin: octo-org/website\nstatements:\n  - subjects: [a\n")).singleElement()
                .asString().startsWith(".github/access-token.yaml:4:1: error: YAML syntax error");
        assertThat(repository("origin: octo-org/website\nstatement: []\n")).containsExactly(
                ".github/access-token.yaml:2:1: error: Unrecognized key: \"statement\" [statement] (did you mean 'statements'?)");
        assertThat(repository("origin: octo-org/deployer\n")).containsExactly(
                ".github/access-token.yaml:1:9: error: Policy origin 'octo-org/deployer' does not match repository "
                        + "'octo-org/website' [origin]");
        assertThat(repository("x".repeat(PolicyYaml.MAX_CHARS + 1))).containsExactly(
                ".github/access-token.yaml: error: File larger than 102400 characters");
    }

    @Test
    void patternsThatCanNeverMatchAndPatternsThatMatchEverything() {
        assertThat(owner("""
                origin: octo-org/.github-access-token
                allowed-subjects:
                  - 'octo-org/*'
                  - 'repo:**'
                  - 'repo:octo-org/web site:**'
                """)).containsExactly(
                "access-token.yaml:3:5: error: subject pattern 'octo-org/*' can never match: GitHub Actions subjects start "
                        + "with 'repo:' [allowed-subjects[0]]",
                "access-token.yaml:4:5: warning: subject pattern 'repo:**' matches every workflow of every owner "
                        + "[allowed-subjects[1]]",
                "access-token.yaml:5:5: error: subject pattern 'repo:octo-org/web site:**' can never match: GitHub "
                        + "Actions subjects contain no spaces [allowed-subjects[2]]");
    }

    @Test
    void aRepositoryPolicyGrantingBeyondTheOwnersCeilingIsAWarningNamingBoth() {
        OwnerPolicy owner = new PolicyParser(PermissionCatalog.standard()).parseOwnerPolicy("""
                origin: octo-org/.github-access-token
                allowed-repository-permissions: {contents: read}
                """, "octo-org", "access-token.yaml");
        assertThat(repository("""
                origin: octo-org/website
                statements:
                  - subjects: ['repo:octo-org/deployer:**']
                    permissions: {contents: write, issues: read}
                """, Optional.of(owner))).containsExactly(
                ".github/access-token.yaml:4:19: warning: grants 'contents: write', but the owner policy "
                        + "(octo-org/.github-access-token) allows at most 'contents: read' in allowed-repository-permissions; "
                        + "the grant is capped there [statements[0].permissions.contents]",
                ".github/access-token.yaml:4:36: warning: grants 'issues: read', but the owner policy "
                        + "(octo-org/.github-access-token) does not allow 'issues' at all in allowed-repository-permissions; "
                        + "the grant is capped there [statements[0].permissions.issues]");
    }

    @Test
    void anOrganizationScopeInARepositoryPolicyIsIgnoredAndSaidSo() {
        assertThat(repository("""
                origin: octo-org/website
                statements:
                  - subjects: ['repo:octo-org/deployer:**']
                    permissions: {members: read}
                """)).singleElement().asString().contains("'members' is not a repository scope; the entry is ignored");
    }

    @Test
    void nearestSuggestsOnlyWhatIsClose() {
        assertThat(PolicyValidator.nearest("writ", List.of("read", "write"))).contains("write");
        assertThat(PolicyValidator.nearest("banana", List.of("read", "write"))).isEmpty();
    }

    @Test
    void findingsRenderAsLinters() {
        assertThat(new Finding(Finding.Severity.WARNING, "", 0, 0, "x", Optional.empty()).render("f.yaml"))
                .isEqualTo("f.yaml: warning: x");
    }
}
