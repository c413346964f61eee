package dev.tokenbroker.policy.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owner policy ({@code <owner>/.github-access-token/access-token.yaml}), validated once when read.
 *
 * @param allowedSubjects the patterns that admit callers to this owner, as written; empty when the key is absent
 *                        (then the default of step E7 applies)
 * @param allowedRepositoryPermissions the ceiling on what repository policies may grant (repository scopes only)
 */
public record OwnerPolicy(String origin, Optional<List<String>> allowedSubjects,
                          Map<String, Level> allowedRepositoryPermissions, List<Statement> statements) {

    public OwnerPolicy {
        allowedSubjects = allowedSubjects.map(List::copyOf);
        allowedRepositoryPermissions = Collections.unmodifiableMap(new LinkedHashMap<>(allowedRepositoryPermissions));
        statements = List.copyOf(statements);
    }
}
