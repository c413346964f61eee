package dev.tokenbroker.policy.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;
import dev.tokenbroker.policy.entity.Decision;
import dev.tokenbroker.policy.entity.InstallationFacts;
import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.PolicyFile;
import dev.tokenbroker.policy.entity.RepositoryPolicy;
import dev.tokenbroker.policy.entity.Scope;
import dev.tokenbroker.policy.entity.Statement;

/**
 * Decides one exchange (actions-exchange.md §8): steps E1–E13, with the information hiding of §8.2 and the 403
 * message grammar of §8.3. The token it grants carries exactly the requested scopes at exactly the requested levels
 * on exactly the requested repositories, or nothing.
 */
public final class PolicyEvaluator {

    /** The App as messages name it: its name from {@code GET /app}, and where to install it. */
    public record AppIdentity(String name, String installUrl) {
    }

    /** The four files the App's single_file permission must cover (E3). */
    static final List<String> POLICY_PATHS = java.util.stream.Stream.concat(
            PolicyLocations.OWNER_POLICY_PATHS.stream(), PolicyLocations.REPOSITORY_POLICY_PATHS.stream()).toList();
    private static final String NOT_AUTHORIZED = "Not authorized";

    private final PermissionCatalog catalog;
    private final boolean environmentSubjects;

    public PolicyEvaluator(PermissionCatalog catalog, boolean environmentSubjects) {
        this.catalog = catalog;
        this.environmentSubjects = environmentSubjects;
    }

    /** Who is asking, as the messages need to know it. */
    private record Caller(List<String> subjects, boolean sameOwner, boolean policyRepository) {
    }

    /**
     * @param installation the App's installation on the requested owner, empty when it is not installed
     * @param app          the App's identity for messages, asked for only when a message needs it
     */
    public Decision evaluate(CallerClaims claims, AccessTokenRequest request, Optional<InstallationFacts> installation,
                             Supplier<AppIdentity> app, PolicySource source) {
        String owner = request.owner();
        Caller caller = new Caller(EffectiveSubjects.derive(claims, environmentSubjects),
                claims.repositoryOwner().equalsIgnoreCase(owner),
                claims.repository().equalsIgnoreCase(owner + "/.github-access-token"));

        // E2-E5: the installation
        if (installation.isEmpty()) {
            return ownerDenial(caller, owner, "app not installed", List.of(
                    "'" + app.get().name() + "' has not been installed. Install from " + app.get().installUrl()));
        }
        InstallationFacts facts = installation.get();
        if (facts.suspended()) {
            return ownerDenial(caller, owner, "installation suspended", List.of("'" + app.get().name() + "' installation is suspended"));
        }
        if (!facts.singleFilePaths().containsAll(POLICY_PATHS)) {
            return ownerDenial(caller, owner, "single_file paths incomplete", List.of("'" + app.get().name()
                    + "' is not authorized to read all access policy file(s) by 'single_file' permission"));
        }
        Map<String, Level> ceiling = installationPermissions(facts);
        if (!covers(ceiling, "single-file", Level.READ) || !covers(ceiling, "contents", Level.READ)) {
            return ownerDenial(caller, owner, "installation cannot read policies", List.of("'" + app.get().name()
                    + "' installation needs single_file: read and contents: read to read access policy files"));
        }
        List<String> overCeiling = new ArrayList<>();
        request.permissions().forEach((scope, level) -> {
            if (!covers(ceiling, scope, level)) {
                overCeiling.add(scope + ": " + level + " - '" + app.get().name() + "' installation not authorized");
            }
        });
        if (!overCeiling.isEmpty()) {
            return ownerDenial(caller, owner, "exceeds installation permissions", overCeiling);
        }

        // E6: the owner policy
        PolicyFile<OwnerPolicy> ownerFile = source.ownerPolicy(owner);
        if (!(ownerFile instanceof PolicyFile.Found<OwnerPolicy> found)) {
            List<String> items = fileIssue(ownerFile, caller.policyRepository());
            return ownerDenial(caller, owner, "owner policy " + describe(ownerFile), items);
        }
        OwnerPolicy policy = found.policy();

        // E7: admission
        List<String> allowed = policy.allowedSubjects().orElseGet(() ->
                List.of(EffectiveSubjects.defaultAllowedSubject(facts.accountLogin(), facts.accountId(), claims.sub())));
        if (!SubjectPattern.anyMatches(allowed, caller.subjects())) {
            return ownerDenial(caller, owner, "subject not allowed by owner policy",
                    List.of("OIDC token subject is not allowed by owner access policy"));
        }

        // E8: owner statements
        Map<String, Level> ownerGrant = grant(policy.statements(), caller.subjects());
        Map<String, Level> granted = new LinkedHashMap<>();
        Map<String, Level> pending = new LinkedHashMap<>();
        request.permissions().forEach((scope, level) ->
                (covers(ownerGrant, scope, level) ? granted : pending).put(scope, level));

        // E9-E11: what repository policies may still grant
        String refusal = caller.sameOwner() ? "Not allowed by owner access policy" : NOT_AUTHORIZED;
        List<String> notAllowed = new ArrayList<>();
        pending.forEach((scope, level) -> {
            boolean repositoryScope = catalog.find(scope).map(Scope::repository).orElse(false);
            if (!repositoryScope || request.allRepositories() || !covers(policy.allowedRepositoryPermissions(), scope, level)) {
                notAllowed.add(scope + ": " + level + " - " + refusal);
            }
        });
        if (!notAllowed.isEmpty()) {
            return new Decision.Denied(DenialMessage.of(owner, notAllowed, caller.subjects()),
                    "not allowed by owner policy", caller.subjects());
        }

        // E12: every target repository must grant every pending scope
        if (!pending.isEmpty()) {
            Map<String, PolicyFile<RepositoryPolicy>> files = source.repositoryPolicies(owner, request.repositories());
            Map<String, List<String>> blocks = new LinkedHashMap<>();
            for (String repository : request.repositories()) {
                List<String> issues = repositoryIssues(files.get(repository), pending, caller);
                if (!issues.isEmpty()) {
                    blocks.put(owner + "/" + repository, issues);
                }
            }
            if (!blocks.isEmpty()) {
                return new Decision.Denied(DenialMessage.of(blocks, caller.subjects()), "not granted by repository policy",
                        caller.subjects());
            }
            granted.putAll(pending);
        }

        // E13: the safety check; a mismatch here is a defect, never a token
        if (!granted.equals(request.permissions()) || granted.isEmpty()
                || (!request.allRepositories() && request.repositories().isEmpty())) {
            throw new IllegalStateException("policy evaluation granted " + granted + " for a request of "
                    + request.permissions() + "; refusing to mint");
        }
        return new Decision.Granted(facts.id(), facts.accountLogin(), request.allRepositories(), request.repositories(),
                request.permissions(), caller.subjects());
    }

    private List<String> repositoryIssues(PolicyFile<RepositoryPolicy> file, Map<String, Level> pending, Caller caller) {
        if (file == null) {
            throw new IllegalStateException("the policy source returned no result for a requested repository");
        }
        if (!(file instanceof PolicyFile.Found<RepositoryPolicy> found)) {
            return caller.sameOwner() ? fileIssue(file, true) : List.of(NOT_AUTHORIZED);
        }
        List<Statement> matching = found.policy().statements().stream()
                .filter(s -> SubjectPattern.anyMatches(s.patterns(), caller.subjects())).toList();
        if (matching.isEmpty()) {
            return List.of(NOT_AUTHORIZED);
        }
        Map<String, Level> repositoryGrant = grant(matching, caller.subjects());
        List<String> issues = new ArrayList<>();
        pending.forEach((scope, level) -> {
            if (!covers(repositoryGrant, scope, level)) {
                issues.add(scope + ": " + level + " - " + NOT_AUTHORIZED);
            }
        });
        return issues;
    }

    /** Per scope, the highest level over the statements whose patterns match any subject. */
    private static Map<String, Level> grant(List<Statement> statements, List<String> subjects) {
        Map<String, Level> out = new LinkedHashMap<>();
        for (Statement s : statements) {
            if (SubjectPattern.anyMatches(s.patterns(), subjects)) {
                s.permissions().forEach((scope, level) -> out.merge(scope, level, Level::max));
            }
        }
        return out;
    }

    private Map<String, Level> installationPermissions(InstallationFacts facts) {
        Map<String, Level> out = new LinkedHashMap<>();
        facts.permissions().forEach((name, level) ->
                Level.parse(level).ifPresent(l -> out.put(PermissionCatalog.normalize(name), l)));
        return out;
    }

    private static boolean covers(Map<String, Level> grant, String scope, Level level) {
        Level granted = grant.get(scope);
        return granted != null && granted.atLeast(level);
    }

    /** A denial about the owner (E2–E7): a foreign caller learns nothing but "Not authorized". */
    private static Decision ownerDenial(Caller caller, String owner, String reason, List<String> items) {
        List<String> shown = caller.sameOwner() ? items : List.of(NOT_AUTHORIZED);
        return new Decision.Denied(DenialMessage.of(owner, shown, caller.subjects()), reason, caller.subjects());
    }

    private static List<String> fileIssue(PolicyFile<?> file, boolean withDetails) {
        if (file instanceof PolicyFile.Absent<?>) {
            return List.of("Access policy not found");
        }
        if (file instanceof PolicyFile.Refused<?> refused) {
            return List.of("Access policy could not be read (GitHub answered " + refused.status() + ")");
        }
        PolicyFile.Invalid<?> invalid = (PolicyFile.Invalid<?>) file;
        StringBuilder item = new StringBuilder("Invalid access policy");
        if (withDetails) {
            invalid.details().forEach(d -> item.append("\n    - ").append(d.replace("\n", " ")));
        }
        return List.of(item.toString());
    }

    private static String describe(PolicyFile<?> file) {
        return file instanceof PolicyFile.Absent<?> ? "not found"
                : file instanceof PolicyFile.Refused<?> ? "unreadable" : "invalid";
    }
}
