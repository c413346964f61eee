package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.tokenbroker.policy.entity.InvalidPolicyException;
import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.RepositoryPolicy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Policy files: strict top level, lenient entries (actions-exchange.md §5, cases P5–P6 and the origin rule). */
class PolicyParserTest {

    private final PolicyParser parser = new PolicyParser(PermissionCatalog.standard());
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger(PolicyParser.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger(PolicyParser.class.getName()).removeHandler(capture);
    }

    private OwnerPolicy owner(String yaml) {
        return parser.parseOwnerPolicy(yaml, "octocat", "access-token.yaml");
    }

    private RepositoryPolicy repository(String yaml) {
        return parser.parseRepositoryPolicy(yaml, "octocat", "playground", ".github/access-token.yaml");
    }

    @Test
    void p6WorldDsUnusableEntriesAreDroppedAndLogged() {
        OwnerPolicy policy = owner("""
                origin: octocat/.github-access-token
                allowed-repository-permissions: {contents: write, bogus: write, workflows: read}
                allowed-subjects: ['repo:octocat/*:**', 42]
                statements:
                  - {subjects: ['repo:octocat/playground:**'], permissions: {issues: read, organization-plan: write}}
                  - {subjects: 'not-a-list', permissions: {contents: read}}
                """);
        assertThat(policy.allowedRepositoryPermissions()).containsExactly(Map.entry("contents", Level.WRITE));
        assertThat(policy.allowedSubjects()).contains(List.of("repo:octocat/*:**"));
        assertThat(policy.statements()).hasSize(1);
        assertThat(policy.statements().get(0).permissions()).containsExactly(Map.entry("issues", Level.READ));
        assertThat(logged).hasSize(5).allSatisfy(line -> assertThat(line).contains("access-token.yaml"));
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("allowed-repository-permissions.bogus"))
                .anySatisfy(l -> assertThat(l).contains("allowed-repository-permissions.workflows"))
                .anySatisfy(l -> assertThat(l).contains("allowed-subjects[1]"))
                .anySatisfy(l -> assertThat(l).contains("statements[0].permissions.organization-plan"))
                .anySatisfy(l -> assertThat(l).contains("statements[1]"));
    }

    @Test
    void ownerLevelScopesAreDroppedFromRepositoryPoliciesAndTheCeiling() {
        RepositoryPolicy policy = repository("""
                origin: octocat/playground
                statements: [{subjects: ['repo:${origin}:**'], permissions: {organization-secrets: write, pull_requests: write}}]
                """);
        assertThat(policy.statements().get(0).permissions()).containsExactly(Map.entry("pull-requests", Level.WRITE));
        assertThat(policy.statements().get(0).patterns()).containsExactly("repo:octocat/playground:**");
        assertThat(owner("origin: octocat/.github-access-token\nallowed-repository-permissions: {members: read}\n")
                .allowedRepositoryPermissions()).isEmpty();
    }

    @Test
    void ownerStatementsMayGrantOwnerLevelScopes() {
        OwnerPolicy policy = owner("""
                origin: octocat/.github-access-token
                statements: [{subjects: ['ref:refs/heads/main'], permissions: {organization-secrets: write}}]
                """);
        assertThat(policy.statements().get(0).permissions()).containsEntry("organization-secrets", Level.WRITE);
        assertThat(policy.statements().get(0).patterns())
                .containsExactly("ref:refs/heads/main", "repo:octocat/.github-access-token:ref:refs/heads/main");
    }

    @Test
    void subjectsAreTrimmedAndOverlongOnesDropped() {
        String longSubject = "repo:octocat/" + "x".repeat(510);
        RepositoryPolicy policy = repository("origin: octocat/playground\nstatements: [{subjects: ['  repo:a/b:**  ', '"
                + longSubject + "'], permissions: {contents: read}}]\n");
        assertThat(policy.statements().get(0).patterns()).containsExactly("repo:a/b:**");
    }

    @Test
    void aStatementLeftEmptyStillParsesAndGrantsNothing() {
        RepositoryPolicy policy = repository("origin: octocat/playground\nstatements: [{subjects: [], permissions: {}}]\n");
        assertThat(policy.statements()).hasSize(1);
        assertThat(policy.statements().get(0).permissions()).isEmpty();
    }

    @Test
    void statementsWithExtraKeysOrMissingPermissionsAreDropped() {
        RepositoryPolicy policy = repository("""
                origin: octocat/playground
                statements:
                  - {subjects: ['a'], permissions: {contents: read}, extra: 1}
                  - {subjects: ['a']}
                  - just-a-string
                  - {subjects: ['a'], permissions: {contents: on}}
                """);
        assertThat(policy.statements()).hasSize(1);
        assertThat(policy.statements().get(0).permissions()).as("'on' is the string on, an invalid level").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown top-level key | origin: octocat/playground\\nunknown-top-level: 1 | Unrecognized key: \"unknown-top-level\"",
        "merge key at the top | origin: octocat/playground\\n<<: {a: 1} | Unrecognized key: \"<<\"",
        "origin missing | statements: [] | Missing key 'origin'",
        "origin not OWNER/NAME | origin: invalid | Policy origin 'invalid' is not OWNER/NAME",
        "origin of another repository | origin: octocat/elsewhere | Policy origin 'octocat/elsewhere' does not match repository 'octocat/playground'",
        "statements null | origin: octocat/playground\\nstatements: null | 'statements' must be a list",
        "statements a map | origin: octocat/playground\\nstatements: {a: 1} | 'statements' must be a list",
        "top level a list | - a | The policy must be a map",
        "top level a string | just text | The policy must be a map",
        "empty file | '' | The file is empty",
        "second document | origin: octocat/playground\\n---\\norigin: x/y | More than one YAML document",
        "unquoted star | origin: octocat/playground\\nstatements: [{subjects: [*:refs], permissions: {}}] | '*' must be quoted",
        "java tag | origin: !!java.lang.Object {} | Unsupported tag"
    })
    void p5FatalProblemsMakeTheWholeRepositoryPolicyInvalid(String name, String yaml, String detail) {
        assertThatThrownBy(() -> repository(yaml.replace("\\n", "\n")))
                .isInstanceOfSatisfying(InvalidPolicyException.class,
                        e -> assertThat(String.join("\n", e.details())).contains(detail));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "allowed-subjects a string | allowed-subjects: \"x\" | 'allowed-subjects' must be a list",
        "ceiling a list | allowed-repository-permissions: [contents] | 'allowed-repository-permissions' must be a map",
        "ceiling null | allowed-repository-permissions: | 'allowed-repository-permissions' must be a map"
    })
    void p5FatalProblemsOfOwnerPolicies(String name, String line, String detail) {
        assertThatThrownBy(() -> owner("origin: octocat/.github-access-token\n" + line + "\n"))
                .isInstanceOfSatisfying(InvalidPolicyException.class,
                        e -> assertThat(String.join("\n", e.details())).contains(detail));
    }

    @Test
    void theOriginIsComparedCaseInsensitively() {
        assertThat(parser.parseRepositoryPolicy("origin: OctoCat/Other\n", "octocat", "other", "x").origin()).isEqualTo("OctoCat/Other");
    }

    @Test
    void anOwnerPolicysOriginIsItsOwnRepositoryNotTheCaller() {
        assertThatThrownBy(() -> owner("origin: octocat/playground\n"))
                .hasMessageContaining("does not match repository 'octocat/.github-access-token'");
    }

    @Test
    void allowedSubjectsAbsentAndEmptyAreDifferent() {
        assertThat(owner("origin: octocat/.github-access-token\n").allowedSubjects()).isEmpty();
        assertThat(owner("origin: octocat/.github-access-token\nallowed-subjects: []\n").allowedSubjects()).contains(List.of());
    }
}
