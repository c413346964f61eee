package dev.tokenbroker.policy.boundary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyEvaluator;
import dev.tokenbroker.policy.control.PolicyExplainer;
import dev.tokenbroker.policy.control.PolicyLocations;
import dev.tokenbroker.policy.control.PolicyParser;
import dev.tokenbroker.policy.control.PolicySource;
import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;
import dev.tokenbroker.policy.entity.Decision;
import dev.tokenbroker.policy.entity.InstallationFacts;
import dev.tokenbroker.policy.entity.InvalidPolicyException;
import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.PolicyFile;
import dev.tokenbroker.policy.entity.RepositoryPolicy;

/**
 * {@code policy-check explain}: the decision the exchange would take for given workflow claims and a request, with each
 * statement's verdict, from local policy files and the same pure evaluator, for an operator or a policy author
 * (issue 18). The App is taken as installed on the owner with what the request needs; only the policies decide.
 *
 * <pre>
 * explain --owner-policy FILE [--repository-policy NAME=FILE]... --caller OWNER/REPO [--ref REF] [--environment ENV]
 *         [--workflow-ref REF] [--sub SUBJECT] --permissions SCOPE=LEVEL[,...] [--repositories NAME[,...]] [--owner OWNER]
 * </pre>
 * Exits 0 when the exchange would grant, 1 when it would deny, 2 for wrong arguments or unreadable files.
 */
final class PolicyExplain {

    static final String USAGE = "usage: policy-check explain --owner-policy FILE [--repository-policy NAME=FILE]... "
            + "--caller OWNER/REPO [--ref REF] [--environment ENV] [--workflow-ref REF] [--sub SUBJECT] "
            + "--permissions SCOPE=LEVEL[,...] [--repositories NAME[,...]] [--owner OWNER]";

    private PolicyExplain() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Path> repositoryFiles = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                err.println(USAGE);
                return 2;
            }
            String value = args[++i];
            if (args[i - 1].equals("--repository-policy")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    err.println("--repository-policy needs NAME=FILE\n" + USAGE);
                    return 2;
                }
                repositoryFiles.put(value.substring(0, eq), Path.of(value.substring(eq + 1)));
            } else {
                options.put(args[i - 1].substring(2), value);
            }
        }
        String caller = options.getOrDefault("caller", "");
        if (!options.containsKey("owner-policy") || !caller.matches("[^/\\s]+/[^/\\s]+") || !options.containsKey("permissions")) {
            err.println(USAGE);
            return 2;
        }
        String callerOwner = caller.substring(0, caller.indexOf('/'));
        String owner = options.getOrDefault("owner", callerOwner);
        Map<String, Level> permissions = new LinkedHashMap<>();
        for (String entry : options.get("permissions").split(",")) {
            String[] kv = entry.trim().split("=", 2);
            Optional<Level> level = kv.length == 2 ? Level.parse(kv[1].trim()) : Optional.empty();
            if (level.isEmpty() || PermissionCatalog.standard().find(kv[0].trim()).isEmpty()) {
                err.println("--permissions: '" + entry.trim() + "' is not SCOPE=read|write|admin of a known scope");
                return 2;
            }
            permissions.put(PermissionCatalog.standard().find(kv[0].trim()).get().name(), level.get());
        }
        List<String> repositories = options.containsKey("repositories")
                ? List.of(options.get("repositories").split(",")).stream().map(String::trim).filter(r -> !r.isEmpty()).toList()
                : List.of();
        String ref = options.getOrDefault("ref", "refs/heads/main");
        Optional<String> environment = Optional.ofNullable(options.get("environment"));
        String sub = options.getOrDefault("sub", "repo:" + caller + environment.map(e -> ":environment:" + e)
                .orElse(":ref:" + ref));
        String workflowRef = options.getOrDefault("workflow-ref", caller + "/.github/workflows/workflow.yml@" + ref);
        CallerClaims claims = new CallerClaims(sub, caller, "0", callerOwner, "0", Optional.of(ref),
                Optional.of(workflowRef), Optional.of(workflowRef), environment);
        AccessTokenRequest request = new AccessTokenRequest(owner, repositories.isEmpty(), repositories, permissions);

        Map<String, String> installationPermissions = new LinkedHashMap<>();
        installationPermissions.put("single_file", "read");
        installationPermissions.put("contents", "read");
        permissions.forEach((scope, level) -> installationPermissions.merge(scope.replace('-', '_'),
                level.name().toLowerCase(Locale.ROOT), (a, b) -> Level.parse(a).orElseThrow().atLeast(Level.parse(b)
                        .orElseThrow()) ? a : b));
        InstallationFacts installation = new InstallationFacts(1, owner, 0, false, List.of(
                "access-token.yaml", "access-token.yml", ".github/access-token.yaml", ".github/access-token.yml"),
                installationPermissions);
        PolicySource source;
        try {
            source = localSource(owner, Path.of(options.get("owner-policy")), repositoryFiles);
        } catch (IOException e) {
            err.println("a policy file cannot be read: " + e.getMessage());
            return 2;
        }
        PolicyExplainer.Explanation explanation = new PolicyExplainer(PermissionCatalog.standard(), true).explain(claims,
                request, Optional.of(installation), () -> new PolicyEvaluator.AppIdentity("the App", "(settings)"), source);
        print(explanation, out);
        return explanation.decision() instanceof Decision.Granted ? 0 : 1;
    }

    private static PolicySource localSource(String owner, Path ownerFile, Map<String, Path> repositoryFiles) throws IOException {
        PolicyParser parser = new PolicyParser(PermissionCatalog.standard(), (file, path, why, value) -> { });
        String ownerText = Files.readString(ownerFile, StandardCharsets.UTF_8);
        Map<String, String> repositoryTexts = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : repositoryFiles.entrySet()) {
            repositoryTexts.put(e.getKey(), Files.readString(e.getValue(), StandardCharsets.UTF_8));
        }
        return new PolicySource() {
            @Override
            public PolicyFile<OwnerPolicy> ownerPolicy(String ignored) {
                return parsed(() -> parser.parseOwnerPolicy(ownerText, owner, PolicyLocations.OWNER_POLICY_PATHS.get(0)));
            }

            @Override
            public Map<String, PolicyFile<RepositoryPolicy>> repositoryPolicies(String ignored, List<String> repositories) {
                Map<String, PolicyFile<RepositoryPolicy>> out = new LinkedHashMap<>();
                for (String repository : repositories) {
                    String text = repositoryTexts.get(repository);
                    out.put(repository, text == null ? new PolicyFile.Absent<>() : parsed(() -> parser.parseRepositoryPolicy(
                            text, owner, repository, PolicyLocations.REPOSITORY_POLICY_PATHS.get(0))));
                }
                return out;
            }
        };
    }

    private static <T> PolicyFile<T> parsed(java.util.function.Supplier<T> parse) {
        try {
            return new PolicyFile.Found<>(parse.get());
        } catch (InvalidPolicyException e) {
            return new PolicyFile.Invalid<>(e.details());
        }
    }

    private static void print(PolicyExplainer.Explanation e, PrintStream out) {
        if (e.decision() instanceof Decision.Granted granted) {
            out.println("decision: granted " + granted.permissions() + (granted.allRepositories() ? " on ALL repositories"
                    : " on " + granted.repositories()));
        } else {
            out.println("decision: denied\n" + ((Decision.Denied) e.decision()).message());
        }
        out.println("effective subjects:");
        e.subjects().forEach(s -> out.println("  " + s));
        e.admitted().ifPresent(a -> out.println("owner policy admits the caller: " + a));
        e.ownerPolicy().ifPresent(file -> printFile("owner policy", file, out));
        e.repositoryPolicies().forEach((name, file) -> printFile("repository policy of " + name, file, out));
    }

    private static void printFile(String what, PolicyExplainer.FileVerdict file, PrintStream out) {
        out.println(what + ": " + file.state());
        file.problems().forEach(p -> out.println("  problem: " + p));
        for (PolicyExplainer.StatementVerdict s : file.statements()) {
            out.println("  statements[" + s.index() + "] " + (s.applies() ? "applies: '" + s.pattern().orElse("")
                    + "' matches '" + s.subject().orElse("") + "'" : "does not apply") + "; grants " + s.permissions());
        }
    }
}
