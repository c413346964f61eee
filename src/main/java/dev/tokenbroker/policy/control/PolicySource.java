package dev.tokenbroker.policy.control;

import java.util.List;
import java.util.Map;

import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.PolicyFile;
import dev.tokenbroker.policy.entity.RepositoryPolicy;

/**
 * Where the evaluator gets policy files. The exchange implements it over GitHub with caches; tests with maps.
 * Transient failures (GitHub unavailable or rate limited) are thrown, never returned as a {@link PolicyFile}.
 */
public interface PolicySource {

    PolicyFile<OwnerPolicy> ownerPolicy(String owner);

    /** The policy of each named repository, keyed by the name as given; implementations may read them in parallel. */
    Map<String, PolicyFile<RepositoryPolicy>> repositoryPolicies(String owner, List<String> repositories);
}
