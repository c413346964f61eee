package dev.tokenbroker.policy.entity;

import java.util.Objects;
import java.util.Optional;

/**
 * The verified OIDC claims of a workflow that policies are evaluated against. All values are strings as GitHub
 * issues them (ids included). Optional claims are empty when absent or blank.
 *
 * @param repository      {@code owner/name} of the caller repository
 * @param repositoryOwner the caller owner's login
 */
public record CallerClaims(String sub, String repository, String repositoryId, String repositoryOwner,
                           String repositoryOwnerId, Optional<String> ref, Optional<String> workflowRef,
                           Optional<String> jobWorkflowRef, Optional<String> environment) {

    public CallerClaims {
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(repositoryId, "repositoryId");
        Objects.requireNonNull(repositoryOwner, "repositoryOwner");
        Objects.requireNonNull(repositoryOwnerId, "repositoryOwnerId");
        ref = nonBlank(ref);
        workflowRef = nonBlank(workflowRef);
        jobWorkflowRef = nonBlank(jobWorkflowRef);
        environment = nonBlank(environment);
    }

    /** The caller repository's name, without its owner. */
    public String repositoryName() {
        int slash = repository.indexOf('/');
        return slash < 0 ? repository : repository.substring(slash + 1);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(v -> !v.isBlank());
    }
}
