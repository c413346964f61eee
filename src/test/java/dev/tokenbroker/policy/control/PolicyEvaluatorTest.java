package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;
import dev.tokenbroker.policy.entity.Decision;
import dev.tokenbroker.policy.entity.InstallationFacts;
import dev.tokenbroker.policy.entity.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Acceptance cases AC (403) and S (200) of actions-exchange.md §11.5–11.6, decided by the pure evaluator. */
class PolicyEvaluatorTest {

    private static final String BUILD = "octocat/playground/.github/workflows/build.yml@";

    /** Token T of §11.0 (legacy push on main), with variations. */
    static CallerClaims t() {
        return claims("repo:octocat/playground:ref:refs/heads/main", "octocat/playground", "refs/heads/main", null);
    }

    static CallerClaims tImm() {
        return claims("repo:octocat@583231/playground@1234567:ref:refs/heads/main", "octocat/playground", "refs/heads/main", null);
    }

    static CallerClaims pullRequest() {
        return claims("repo:octocat/playground:pull_request", "octocat/playground", "refs/pull/1/merge", null);
    }

    static CallerClaims tag() {
        return claims("repo:octocat/playground:ref:refs/tags/v1", "octocat/playground", "refs/tags/v1", null);
    }

    static CallerClaims caller(String repository) {
        return claims("repo:" + repository + ":ref:refs/heads/main", repository, "refs/heads/main", null);
    }

    static CallerClaims claims(String sub, String repository, String ref, String environment) {
        String owner = repository.substring(0, repository.indexOf('/'));
        String workflowRef = repository + "/.github/workflows/build.yml@" + ref;
        return new CallerClaims(sub, repository, "1234567", owner, owner.equals("octocat") ? "583231" : "77",
                Optional.of(ref), Optional.of(workflowRef), Optional.of(workflowRef), Optional.ofNullable(environment));
    }

    static CallerClaims withWorkflowRef(CallerClaims c, String workflowRef) {
        return new CallerClaims(c.sub(), c.repository(), c.repositoryId(), c.repositoryOwner(), c.repositoryOwnerId(),
                c.ref(), Optional.of(workflowRef), Optional.of(workflowRef), c.environment());
    }

    static AccessTokenRequest request(String owner, List<String> repositories, String... permissions) {
        Map<String, Level> map = new LinkedHashMap<>();
        for (String p : permissions) {
            String[] kv = p.split(":");
            map.put(kv[0], Level.parse(kv[1]).orElseThrow());
        }
        return new AccessTokenRequest(owner, repositories.isEmpty(), repositories, map);
    }

    static final List<String> ALL = List.of();

    static Decision decide(PolicyWorld world, CallerClaims caller, AccessTokenRequest request) {
        return new PolicyEvaluator(PermissionCatalog.standard(), true)
                .evaluate(caller, request, world.installation(request.owner()), () -> PolicyWorld.APP, world);
    }

    static Stream<Arguments> denials() {
        return Stream.of(
                // world A
                Arguments.of("AC15 wrong origin in a repository policy", PolicyWorld.a(), t(),
                        request("octocat", List.of("badorigin"), "contents:read"),
                        "Issues:\n- octocat/badorigin:\n  - Invalid access policy\n    - Policy origin 'octocat/somethingelse' does not match repository 'octocat/badorigin'\nEffective OIDC token subjects:"),
                Arguments.of("AC16 no repository policy", PolicyWorld.a(), t(), request("octocat", List.of("missing"), "contents:read"),
                        "- octocat/missing:\n  - Access policy not found"),
                Arguments.of("AC17 repository scope for ALL", PolicyWorld.a(), t(), request("octocat", ALL, "contents:write"),
                        "- octocat:\n  - contents: write - Not allowed by owner access policy"),
                Arguments.of("L8 contents for ALL", PolicyWorld.a(), t(), request("octocat", ALL, "contents:read"),
                        "- octocat:\n  - contents: read - Not allowed by owner access policy"),
                Arguments.of("AC18 single_file paths incomplete, foreign", PolicyWorld.a(), t(), request("spongebob", List.of("x"), "contents:read"),
                        "Issues:\n- spongebob:\n  - Not authorized\nEffective"),
                Arguments.of("AC18 not installed, foreign", PolicyWorld.a(), t(), request("nobody", List.of("x"), "contents:read"),
                        "Issues:\n- nobody:\n  - Not authorized\nEffective"),
                Arguments.of("AC19 scope outside the ceiling", PolicyWorld.a(), t(), request("octocat", List.of("playground"), "issues:write"),
                        "- octocat:\n  - issues: write - Not allowed by owner access policy"),
                Arguments.of("AC20 metadata needs a grant too", PolicyWorld.a(), t(),
                        request("octocat", List.of("playground"), "contents:read", "metadata:read"),
                        "  - metadata: read - Not allowed by owner access policy"),
                Arguments.of("AC1 not installed, same owner", PolicyWorld.a(), caller("nobody/x"), request("nobody", List.of("x"), "secrets:write"),
                        "Issues:\n- nobody:\n  - 'Test Access App' has not been installed. Install from https://github.com/apps/test-access-app"),
                // world B
                Arguments.of("AC21 pull request", PolicyWorld.b(), pullRequest(), request("octocat", List.of("playground"), "contents:write"),
                        "Issues:\n- octocat/playground:\n  - contents: write - Not authorized\nEffective OIDC token subjects:\n- repo:octocat/playground:pull_request"),
                Arguments.of("AC22 tag", PolicyWorld.b(), tag(), request("octocat", List.of("playground"), "contents:read"),
                        "Issues:\n- octocat/playground:\n  - Not authorized\nEffective"),
                Arguments.of("AC23 foreign caller not admitted", PolicyWorld.b(), caller("octocat/other"),
                        request("spongebob", List.of("sandbox"), "contents:read"), "Issues:\n- spongebob:\n  - Not authorized\nEffective"),
                Arguments.of("AC24 admitted foreign caller above the ceiling", PolicyWorld.b(), t(),
                        request("spongebob", List.of("sandbox"), "secrets:write"), "Issues:\n- spongebob:\n  - secrets: write - Not authorized\nEffective"),
                // world C
                Arguments.of("AC27 broken owner YAML, foreign", PolicyWorld.c(), t(), request("spongebob", List.of("sandbox"), "contents:read"),
                        "Issues:\n- spongebob:\n  - Not authorized\nEffective"),
                // world D
                Arguments.of("AC28 oversize repository policy", PolicyWorld.d(), t(), request("octocat", List.of("big"), "contents:read"),
                        "- octocat/big:\n  - Invalid access policy\n    - The file is 103446 bytes"),
                Arguments.of("AC29 only repositories with issues are listed", PolicyWorld.d(), t(),
                        request("octocat", List.of("playground", "other"), "contents:write"),
                        "Issues:\n- octocat/other:\n  - contents: write - Not authorized\nEffective OIDC token subjects:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denials")
    void denies(String name, PolicyWorld world, CallerClaims caller, AccessTokenRequest request, String expected) {
        Decision decision = decide(world, caller, request);
        assertThat(decision).isInstanceOf(Decision.Denied.class);
        assertThat(((Decision.Denied) decision).message()).contains(expected);
    }

    @Test
    void ac25InvalidOwnerPolicyShowsNoDetailsToOrdinaryCallers() {
        String message = ((Decision.Denied) decide(PolicyWorld.c(), t(), request("octocat", List.of("playground"), "contents:read"))).message();
        assertThat(message).startsWith("Issues:\n- octocat:\n  - Invalid access policy\nEffective OIDC token subjects:");
    }

    @Test
    void ac26InvalidOwnerPolicyShowsDetailsToThePolicyRepository() {
        String message = ((Decision.Denied) decide(PolicyWorld.c(), caller("octocat/.github-access-token"),
                request("octocat", List.of("playground"), "contents:read"))).message();
        assertThat(message).contains("- octocat:\n  - Invalid access policy\n    - Unrecognized key: \"unknown-top-level\"");
    }

    @Test
    void ac29LeavesOutRepositoriesWithoutIssues() {
        String message = ((Decision.Denied) decide(PolicyWorld.d(), t(), request("octocat", List.of("playground", "other"), "contents:write"))).message();
        assertThat(message).doesNotContain("- octocat/playground:");
    }

    @Test
    void ac21ListsTheSubjectsInOrder() {
        Decision d = decide(PolicyWorld.b(), t(), request("octocat", List.of("missing"), "contents:write"));
        assertThat(((Decision.Denied) d).message()).endsWith("Effective OIDC token subjects:\n"
                + "- repo:octocat/playground:ref:refs/heads/main\n"
                + "- repo:octocat@583231/playground@1234567:ref:refs/heads/main\n"
                + "- repo:octocat@583231/playground@1234567:workflow_ref:" + BUILD + "refs/heads/main\n"
                + "- repo:octocat/playground:workflow_ref:" + BUILD + "refs/heads/main\n"
                + "- repo:octocat@583231/playground@1234567:job_workflow_ref:" + BUILD + "refs/heads/main\n"
                + "- repo:octocat/playground:job_workflow_ref:" + BUILD + "refs/heads/main");
    }

    /** AC1–AC14, AC30, AC31: one policy each, over the installation {single_file: read, contents: write}. */
    static Stream<Arguments> perCase() {
        String origin = "origin: octocat/.github-access-token\n";
        String repo = "octocat/playground/.github/access-token.yaml";
        String owner = "octocat/.github-access-token/access-token.yaml";
        Map<String, String> basic = Map.of("single_file", "read", "contents", "write");
        return Stream.of(
                Arguments.of("AC2 installation lacks secrets", basic, Map.of(owner, origin), "secrets:write",
                        "- octocat:\n  - secrets: write - 'Test Access App' installation not authorized"),
                Arguments.of("AC3 no owner policy", basic, Map.of(), "contents:read", "- octocat:\n  - Access policy not found"),
                Arguments.of("AC4 origin invalid", basic, Map.of(owner, "origin: invalid\n"), "contents:read", "- octocat:\n  - Invalid access policy"),
                Arguments.of("AC5 subject not admitted", basic, Map.of(owner, origin + "allowed-subjects: ['repo:nobody/*:**']\n"), "contents:read",
                        "  - OIDC token subject is not allowed by owner access policy"),
                Arguments.of("AC30 allowed-subjects []", basic, Map.of(owner, origin + "allowed-subjects: []\n"), "contents:read",
                        "  - OIDC token subject is not allowed by owner access policy"),
                Arguments.of("AC6 above the ceiling", basic, Map.of(owner, origin + "allowed-repository-permissions: {contents: read}\n"),
                        "contents:write", "  - contents: write - Not allowed by owner access policy"),
                Arguments.of("AC7 no repository policy", basic, Map.of(owner, origin + "allowed-repository-permissions: {contents: write}\n"),
                        "contents:write", "- octocat/playground:\n  - Access policy not found"),
                Arguments.of("AC8 repository origin wrong", basic, Map.of(owner, origin + "allowed-repository-permissions: {contents: write}\n",
                        repo, "origin: octocat/elsewhere\n"), "contents:write",
                        "  - Invalid access policy\n    - Policy origin 'octocat/elsewhere' does not match repository 'octocat/playground'"),
                Arguments.of("AC9 granted level too low", basic, Map.of(owner, origin + "allowed-repository-permissions: {contents: write}\n",
                        repo, "origin: octocat/playground\nstatements: [{subjects: ['repo:octocat/playground:**'], permissions: {contents: read}}]\n"),
                        "contents:write", "  - contents: write - Not authorized"),
                Arguments.of("AC10 claim-name guard", basic, Map.of(owner, origin + "allowed-repository-permissions: {contents: write}\n",
                        repo, "origin: octocat/playground\nstatements: [{subjects: ['*:refs/heads/*', 'repo:octocat/*'], permissions: {contents: write}}]\n"),
                        "contents:write", "- octocat/playground:\n  - Not authorized\nEffective"),
                Arguments.of("AC11 another scope granted", basic, Map.of(owner, origin + "allowed-repository-permissions: {contents: write}\n",
                        repo, "origin: octocat/playground\nstatements: [{subjects: ['repo:octocat/playground:**'], permissions: {issues: read}}]\n"),
                        "contents:read", "  - contents: read - Not authorized"),
                Arguments.of("AC14 installation without contents", Map.of("single_file", "read", "secrets", "write"), Map.of(owner, origin),
                        "secrets:read", "'Test Access App' installation needs single_file: read and contents: read to read access policy files"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("perCase")
    void deniesPerCase(String name, Map<String, String> installation, Map<String, String> files, String permission, String expected) {
        PolicyWorld world = new PolicyWorld().install(new InstallationFacts(100, "octocat", 583231, false, PolicyWorld.ALL_PATHS, installation));
        files.forEach(world::file);
        Decision d = decide(world, t(), request("octocat", List.of("playground"), permission));
        assertThat(d).isInstanceOf(Decision.Denied.class);
        assertThat(((Decision.Denied) d).message()).contains(expected);
    }

    @Test
    void ac12AllNeedsOwnerStatements() {
        PolicyWorld world = new PolicyWorld().install(new InstallationFacts(100, "octocat", 583231, false, PolicyWorld.ALL_PATHS,
                Map.of("single_file", "read", "contents", "write")))
                .file("octocat/.github-access-token/access-token.yaml", "origin: octocat/.github-access-token\nallowed-repository-permissions: {contents: write}\n");
        assertThat(((Decision.Denied) decide(world, t(), request("octocat", ALL, "contents:write"))).message())
                .contains("- octocat:\n  - contents: write - Not allowed by owner access policy");
    }

    @Test
    void ac13SingleFilePathsMustCoverAllFour() {
        PolicyWorld world = PolicyWorld.a().install(new InstallationFacts(100, "octocat", 583231, false,
                List.of("access-token.yaml", ".github/access-token.yaml", ".github/access-token.yml"), PolicyWorld.OCTOCAT_PERMISSIONS));
        assertThat(((Decision.Denied) decide(world, t(), request("octocat", List.of("playground"), "contents:read"))).message())
                .contains("'Test Access App' is not authorized to read all access policy file(s) by 'single_file' permission");
    }

    @Test
    void suspendedInstallationIsUnusable() {
        PolicyWorld world = PolicyWorld.a().install(new InstallationFacts(100, "octocat", 583231, true, PolicyWorld.ALL_PATHS,
                PolicyWorld.OCTOCAT_PERMISSIONS));
        assertThat(((Decision.Denied) decide(world, t(), request("octocat", List.of("playground"), "contents:read"))).message())
                .contains("'Test Access App' installation is suspended");
    }

    @Test
    void ac31AdmittedForeignCallerAskingForAnUngrantedOwnerLevelScope() {
        PolicyWorld world = PolicyWorld.b().install(new InstallationFacts(200, "spongebob", 9, false, PolicyWorld.ALL_PATHS,
                Map.of("single_file", "read", "contents", "write", "members", "read")));
        assertThat(((Decision.Denied) decide(world, t(), request("spongebob", List.of("sandbox"), "members:read"))).message())
                .contains("- spongebob:\n  - members: read - Not authorized");
    }

    static Stream<Arguments> grants() {
        CallerClaims env = claims("repo:octocat@583231/playground@1234567:environment:prod", "octocat/playground",
                "refs/heads/main", "prod");
        return Stream.of(
                Arguments.of("S9", PolicyWorld.a(), t(), request("octocat", List.of("playground"), "contents:write")),
                Arguments.of("S10 .yml and case-insensitive origin", PolicyWorld.a(), t(),
                        request("octocat", List.of("playground", "other"), "contents:read")),
                Arguments.of("S11 owner statement for ALL", PolicyWorld.a(), t(), request("octocat", ALL, "organization-secrets:write")),
                Arguments.of("S11 owner statement for the default target", PolicyWorld.a(), t(),
                        request("octocat", List.of("playground"), "organization-secrets:write")),
                Arguments.of("S12 a lower level than granted", PolicyWorld.a(), t(), request("octocat", List.of("playground"), "secrets:read")),
                Arguments.of("S13 immutable sub, bare ref pattern", PolicyWorld.b(), tImm(), request("octocat", List.of("playground"), "contents:write")),
                Arguments.of("S14 pull request pattern", PolicyWorld.b(), pullRequest(), request("octocat", List.of("playground"), "secrets:read")),
                Arguments.of("S15 relative workflow_ref", PolicyWorld.b(),
                        withWorkflowRef(t(), "octocat/playground/.github/workflows/deploy.yml@refs/heads/main"),
                        request("octocat", List.of("playground"), "secrets:write")),
                Arguments.of("S16 owner statement, ALL", PolicyWorld.b(), t(), request("octocat", ALL, "issues:read")),
                Arguments.of("S17 admitted foreign caller, .yml owner policy", PolicyWorld.b(), t(),
                        request("spongebob", List.of("sandbox"), "contents:read")),
                Arguments.of("S18 repository named in another case", PolicyWorld.b(), t(), request("octocat", List.of("PlayGround"), "contents:write")),
                Arguments.of("S19 subjects come from the claims", PolicyWorld.b(),
                        claims("repo:nobody/x:ref:refs/heads/main", "octocat/playground", "refs/heads/main", null),
                        request("octocat", List.of("playground"), "contents:write")),
                Arguments.of("S20 own repository", PolicyWorld.d(), t(), request("octocat", List.of("playground"), "contents:write")),
                Arguments.of("S20 owner grant covers every repository", PolicyWorld.d(), t(),
                        request("octocat", List.of("playground", "other"), "issues:read")),
                Arguments.of("S20 owner and repository grants together", PolicyWorld.d(), t(),
                        request("octocat", List.of("playground"), "issues:read", "contents:write")),
                Arguments.of("S21 environment subject", PolicyWorld.b(), env,
                        request("octocat", List.of("playground"), "organization-secrets:write", "issues:write")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grants")
    void grantsExactlyWhatWasAsked(String name, PolicyWorld world, CallerClaims caller, AccessTokenRequest request) {
        Decision decision = decide(world, caller, request);
        assertThat(decision).as(decision instanceof Decision.Denied d ? d.message() : "").isInstanceOf(Decision.Granted.class);
        Decision.Granted granted = (Decision.Granted) decision;
        assertThat(granted.permissions()).isEqualTo(request.permissions());
        assertThat(granted.repositories()).isEqualTo(request.repositories());
        assertThat(granted.allRepositories()).isEqualTo(request.allRepositories());
        assertThat(granted.owner()).isEqualTo(world.installation(request.owner()).orElseThrow().accountLogin());
        assertThat(granted.installationId()).isEqualTo(world.installation(request.owner()).orElseThrow().id());
    }

    @Test
    void theSameRequestWithoutTheEnvironmentSwitchIsDenied() {
        CallerClaims env = claims("repo:octocat@583231/playground@1234567:environment:prod", "octocat/playground", "refs/heads/main", "prod");
        Decision d = new PolicyEvaluator(PermissionCatalog.standard(), false).evaluate(env,
                request("octocat", List.of("playground"), "organization-secrets:write"), PolicyWorld.b().installation("octocat"),
                () -> PolicyWorld.APP, PolicyWorld.b());
        assertThat(((Decision.Denied) d).message()).contains("organization-secrets: write - Not allowed by owner access policy");
    }

    @Test
    void noRepositoryPolicyIsReadWhenOwnerStatementsGrantEverything() {
        List<String> reads = new ArrayList<>();
        PolicyWorld world = PolicyWorld.a();
        PolicySource counting = new PolicySource() {
            @Override
            public dev.tokenbroker.policy.entity.PolicyFile<dev.tokenbroker.policy.entity.OwnerPolicy> ownerPolicy(String owner) {
                return world.ownerPolicy(owner);
            }

            @Override
            public Map<String, dev.tokenbroker.policy.entity.PolicyFile<dev.tokenbroker.policy.entity.RepositoryPolicy>> repositoryPolicies(
                    String owner, List<String> repositories) {
                reads.addAll(repositories);
                return world.repositoryPolicies(owner, repositories);
            }
        };
        Decision d = new PolicyEvaluator(PermissionCatalog.standard(), true).evaluate(t(),
                request("octocat", List.of("playground"), "organization-secrets:write"), world.installation("octocat"),
                () -> PolicyWorld.APP, counting);
        assertThat(d).isInstanceOf(Decision.Granted.class);
        assertThat(reads).isEmpty();
    }

    /** S1–S8 (the peer's own tests): installation and owner ceiling of §11.6, one repository policy each. */
    static Stream<Arguments> peerSuccesses() {
        String ownerPolicy = "origin: octocat/.github-access-token\nallowed-repository-permissions: {secrets: write, pull_requests: write}\n";
        String repo = "octocat/playground/.github/access-token.yaml";
        String other = "octocat/other/.github/access-token.yaml";
        String owner = "octocat/.github-access-token/access-token.yaml";
        return Stream.of(
                Arguments.of("S1 ${origin} ref pattern", Map.of(owner, ownerPolicy, repo, "origin: octocat/playground\n"
                        + "statements: [{subjects: ['repo:${origin}:ref:refs/heads/*'], permissions: {secrets: write}}]\n"),
                        request("octocat", List.of("playground"), "secrets:write")),
                Arguments.of("S2 owner wildcard", Map.of(owner, ownerPolicy, repo, "origin: octocat/playground\n"
                        + "statements: [{subjects: ['repo:octocat/*:ref:refs/heads/main'], permissions: {secrets: write}}]\n"),
                        request("octocat", List.of("playground"), "secrets:write")),
                Arguments.of("S2 ${origin}:**", Map.of(owner, ownerPolicy, repo, "origin: octocat/playground\n"
                        + "statements: [{subjects: ['repo:${origin}:**'], permissions: {secrets: write}}]\n"),
                        request("octocat", List.of("playground"), "secrets:write")),
                Arguments.of("S3 owner statement, no repository policy", Map.of(owner, ownerPolicy
                        + "statements: [{subjects: ['repo:octocat/playground:ref:refs/heads/*'], permissions: {secrets: write}}]\n"),
                        request("octocat", List.of("playground"), "secrets:write")),
                Arguments.of("S5 the second repository grants to the first", Map.of(owner, ownerPolicy,
                        repo, "origin: octocat/playground\nstatements: [{subjects: ['repo:${origin}:**'], permissions: {secrets: write}}]\n",
                        other, "origin: octocat/other\nstatements: [{subjects: ['repo:octocat/playground:ref:refs/heads/*'], permissions: {secrets: write}}]\n"),
                        request("octocat", List.of("playground", "other"), "secrets:write")),
                Arguments.of("S6 bad entries are ignored", Map.of(owner, ownerPolicy, repo, "origin: octocat/playground\nstatements:\n"
                        + "  - {subjects: ['repo:${origin}:**'], permissions: {secrets: write, unknown-scope: write}}\n"
                        + "  - {subjects: 'not-a-list', permissions: {secrets: write}}\n  - 42\n"),
                        request("octocat", List.of("playground"), "secrets:write")),
                Arguments.of("S7 snake case in the file", Map.of(owner, ownerPolicy, repo, "origin: octocat/playground\n"
                        + "statements: [{subjects: ['repo:${origin}:**'], permissions: {pull_requests: write}}]\n"),
                        request("octocat", List.of("playground"), "pull-requests:write")),
                Arguments.of("S8 ALL from owner statements", Map.of(owner, ownerPolicy + "statements:\n"
                        + "  - {subjects: ['repo:octocat/playground:**'], permissions: {organization-secrets: write}}\n"
                        + "  - {subjects: ['repo:octocat/*:**'], permissions: {pull_requests: write}}\n"),
                        request("octocat", ALL, "organization-secrets:write", "pull-requests:write")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peerSuccesses")
    void grantsThePeersSuccessCases(String name, Map<String, String> files, AccessTokenRequest request) {
        PolicyWorld world = new PolicyWorld().install(new InstallationFacts(100, "octocat", 583231, false, PolicyWorld.ALL_PATHS,
                Map.of("single_file", "read", "contents", "write", "secrets", "write", "pull_requests", "write",
                        "organization_secrets", "write")));
        files.forEach(world::file);
        Decision decision = decide(world, t(), request);
        assertThat(decision).as(decision instanceof Decision.Denied d ? d.message() : "").isInstanceOf(Decision.Granted.class);
        assertThat(((Decision.Granted) decision).permissions()).isEqualTo(request.permissions());
    }
}
