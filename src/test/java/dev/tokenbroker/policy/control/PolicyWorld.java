package dev.tokenbroker.policy.control;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tokenbroker.policy.entity.InstallationFacts;
import dev.tokenbroker.policy.entity.InvalidPolicyException;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.PolicyFile;
import dev.tokenbroker.policy.entity.RepositoryPolicy;
import dev.tokenbroker.testsupport.PolicyFixtures;

/**
 * The fixtures of actions-exchange.md §11.0 as an in-memory world: installations and policy files by
 * {@code owner/repo/path}. Implements {@link PolicySource} the way the exchange does, through {@link PolicyParser}
 * and {@link PolicyLocations}; a file given as {@code "SIZE:n"} stands for a file GitHub reports as n bytes.
 */
final class PolicyWorld implements PolicySource {

    static final PolicyEvaluator.AppIdentity APP =
            new PolicyEvaluator.AppIdentity("Test Access App", "https://github.com/apps/test-access-app");
    static final List<String> ALL_PATHS = PolicyEvaluator.POLICY_PATHS;
    static final Map<String, String> OCTOCAT_PERMISSIONS = Map.of("single_file", "read", "metadata", "read",
            "contents", "write", "secrets", "write", "pull_requests", "write", "organization_secrets", "write", "issues", "write");

    private final Map<String, String> files = new HashMap<>();
    private final Map<String, InstallationFacts> installations = new HashMap<>();
    private final PolicyParser parser = new PolicyParser(PermissionCatalog.standard());

    static PolicyWorld a() {
        PolicyWorld world = new PolicyWorld()
                .install(new InstallationFacts(100, "octocat", 583231, false, ALL_PATHS, OCTOCAT_PERMISSIONS))
                .install(new InstallationFacts(200, "spongebob", 9, false, List.of(".github/access-token.yaml"),
                        Map.of("single_file", "read", "contents", "write", "secrets", "write")));
        PolicyFixtures.worldA().forEach(world::file);
        return world;
    }

    static PolicyWorld b() {
        PolicyWorld world = new PolicyWorld()
                .install(new InstallationFacts(100, "octocat", 583231, false, ALL_PATHS, OCTOCAT_PERMISSIONS))
                .install(new InstallationFacts(200, "spongebob", 9, false, ALL_PATHS,
                        Map.of("single_file", "read", "contents", "write", "secrets", "write")));
        PolicyFixtures.worldB().forEach(world::file);
        return world;
    }

    static PolicyWorld c() {
        PolicyWorld world = b();
        String owner = world.files.get("octocat/.github-access-token/access-token.yaml");
        return world.file("octocat/.github-access-token/access-token.yaml", owner + "unknown-top-level: 1\n")
                .file("spongebob/.github-access-token/access-token.yml",
                        "origin: spongebob/.github-access-token\nstatements: [ : : bad yaml\n")
                .file("octocat/big/.github/access-token.yaml", "SIZE:103446");
    }

    static PolicyWorld d() {
        return b().file("octocat/big/.github/access-token.yaml", "SIZE:103446")
                .file("octocat/.github-access-token/access-token.yaml", """
                        origin: octocat/.github-access-token
                        allowed-repository-permissions: {contents: write, bogus: write, workflows: read}
                        allowed-subjects: ['repo:octocat/*:**', 42]
                        statements:
                          - {subjects: ['repo:octocat/playground:**'], permissions: {issues: read, organization-plan: write}}
                          - {subjects: 'not-a-list', permissions: {contents: read}}
                        """);
    }

    PolicyWorld install(InstallationFacts facts) {
        installations.put(facts.accountLogin().toLowerCase(Locale.ROOT), facts);
        return this;
    }

    PolicyWorld uninstall(String owner) {
        installations.remove(owner.toLowerCase(Locale.ROOT));
        return this;
    }

    PolicyWorld file(String key, String content) {
        files.put(key.toLowerCase(Locale.ROOT), content);
        return this;
    }

    PolicyWorld remove(String key) {
        files.remove(key.toLowerCase(Locale.ROOT));
        return this;
    }

    Optional<InstallationFacts> installation(String owner) {
        return Optional.ofNullable(installations.get(owner.toLowerCase(Locale.ROOT)));
    }

    @Override
    public PolicyFile<OwnerPolicy> ownerPolicy(String owner) {
        return PolicyLocations.firstPresent(PolicyLocations.OWNER_POLICY_PATHS, path -> read(owner,
                PolicyLocations.OWNER_POLICY_REPOSITORY, path, text -> parser.parseOwnerPolicy(text, owner, path)));
    }

    @Override
    public Map<String, PolicyFile<RepositoryPolicy>> repositoryPolicies(String owner, List<String> repositories) {
        Map<String, PolicyFile<RepositoryPolicy>> out = new LinkedHashMap<>();
        for (String repository : repositories) {
            out.put(repository, PolicyLocations.firstPresent(PolicyLocations.REPOSITORY_POLICY_PATHS, path -> read(owner,
                    repository, path, text -> parser.parseRepositoryPolicy(text, owner, repository, path))));
        }
        return out;
    }

    private <T> PolicyFile<T> read(String owner, String repository, String path, java.util.function.Function<String, T> parse) {
        String text = files.get((owner + "/" + repository + "/" + path).toLowerCase(Locale.ROOT));
        if (text == null) {
            return new PolicyFile.Absent<>();
        }
        if (text.startsWith("SIZE:")) {
            return new PolicyFile.Invalid<>(List.of("The file is " + text.substring(5) + " bytes; the limit is 102400"));
        }
        try {
            return new PolicyFile.Found<>(parse.apply(text));
        } catch (InvalidPolicyException e) {
            return new PolicyFile.Invalid<>(e.details());
        }
    }
}
