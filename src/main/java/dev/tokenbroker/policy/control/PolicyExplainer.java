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
import dev.tokenbroker.policy.entity.Statement;

/**
 * What the broker would decide for a workflow's claims and a request, and why, minting nothing (issue 18): the
 * decision is {@link PolicyEvaluator}'s own, and beside it the effective subjects, whether the owner policy admits
 * them, and each statement's verdict (which pattern matched which subject, what it grants) in the owner policy and in
 * each requested repository's policy. Pure, like the evaluator; the caller decides who may see the details.
 */
public final class PolicyExplainer {

    /** One statement's verdict: whether it applies to the caller, by which pattern and subject, and what it grants. */
    public record StatementVerdict(int index, boolean applies, Optional<String> pattern, Optional<String> subject,
                                   Map<String, Level> permissions) {
    }

    /** One policy file: {@code found}, {@code absent}, {@code invalid} (with its problems) or {@code unreadable}. */
    public record FileVerdict(String state, List<String> problems, List<StatementVerdict> statements) {
    }

    /**
     * @param admitted whether the owner policy's {@code allowed-subjects} (or its default) admits a subject; empty when
     *                 the owner policy was not found
     */
    public record Explanation(Decision decision, List<String> subjects, Optional<Boolean> admitted,
                              Optional<FileVerdict> ownerPolicy, Map<String, FileVerdict> repositoryPolicies) {
    }

    private final PermissionCatalog catalog;
    private final boolean environmentSubjects;

    public PolicyExplainer(PermissionCatalog catalog, boolean environmentSubjects) {
        this.catalog = catalog;
        this.environmentSubjects = environmentSubjects;
    }

    public Explanation explain(CallerClaims claims, AccessTokenRequest request, Optional<InstallationFacts> installation,
                               Supplier<PolicyEvaluator.AppIdentity> app, PolicySource source) {
        Decision decision = new PolicyEvaluator(catalog, environmentSubjects).evaluate(claims, request, installation, app, source);
        List<String> subjects = EffectiveSubjects.derive(claims, environmentSubjects);
        if (installation.isEmpty() || source == null) {
            return new Explanation(decision, subjects, Optional.empty(), Optional.empty(), Map.of());
        }
        PolicyFile<OwnerPolicy> ownerFile = source.ownerPolicy(request.owner());
        Optional<Boolean> admitted = Optional.empty();
        FileVerdict owner;
        if (ownerFile instanceof PolicyFile.Found<OwnerPolicy> found) {
            OwnerPolicy policy = found.policy();
            List<String> allowed = policy.allowedSubjects().orElseGet(() -> List.of(EffectiveSubjects.defaultAllowedSubject(
                    installation.get().accountLogin(), installation.get().accountId(), claims.sub())));
            admitted = Optional.of(SubjectPattern.anyMatches(allowed, subjects));
            owner = new FileVerdict("found", List.of(), verdicts(policy.statements(), subjects));
        } else {
            owner = notFound(ownerFile);
        }
        Map<String, FileVerdict> repositories = new LinkedHashMap<>();
        if (!request.allRepositories() && !request.repositories().isEmpty()) {
            source.repositoryPolicies(request.owner(), request.repositories()).forEach((repository, file) ->
                    repositories.put(repository, file instanceof PolicyFile.Found<RepositoryPolicy> found
                            ? new FileVerdict("found", List.of(), verdicts(found.policy().statements(), subjects))
                            : notFound(file)));
        }
        return new Explanation(decision, subjects, admitted, Optional.of(owner), repositories);
    }

    private static List<StatementVerdict> verdicts(List<Statement> statements, List<String> subjects) {
        List<StatementVerdict> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            Optional<String[]> match = firstMatch(statement.patterns(), subjects);
            out.add(new StatementVerdict(i, match.isPresent(), match.map(m -> m[0]), match.map(m -> m[1]),
                    statement.permissions()));
        }
        return out;
    }

    private static Optional<String[]> firstMatch(List<String> patterns, List<String> subjects) {
        for (String pattern : patterns) {
            for (String subject : subjects) {
                if (SubjectPattern.matches(pattern, subject)) {
                    return Optional.of(new String[] {pattern, subject});
                }
            }
        }
        return Optional.empty();
    }

    private static FileVerdict notFound(PolicyFile<?> file) {
        if (file instanceof PolicyFile.Invalid<?> invalid) {
            return new FileVerdict("invalid", invalid.details(), List.of());
        }
        if (file instanceof PolicyFile.Refused<?> refused) {
            return new FileVerdict("unreadable", List.of("GitHub answered " + refused.status()), List.of());
        }
        return new FileVerdict("absent", List.of(), List.of());
    }
}
