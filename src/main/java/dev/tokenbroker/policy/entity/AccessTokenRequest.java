package dev.tokenbroker.policy.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;


/**
 * A validated, normalised exchange request: one owner, either all of its repositories or named ones, and the exact
 * permissions (kebab-case scope to level, in request order) the token is to carry.
 *
 * @param repositories the target repository names without owner, de-duplicated; empty when {@code allRepositories}
 */
public record AccessTokenRequest(String owner, boolean allRepositories, List<String> repositories,
                                 Map<String, Level> permissions) {

    public AccessTokenRequest {
        Objects.requireNonNull(owner, "owner");
        repositories = List.copyOf(repositories);
        permissions = Collections.unmodifiableMap(new LinkedHashMap<>(permissions));
        if (allRepositories != repositories.isEmpty()) {
            throw new IllegalArgumentException("either all repositories or at least one named repository");
        }
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("at least one permission");
        }
    }
}
