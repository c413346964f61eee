package dev.tokenbroker.vault.logical.entity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a new token is made of; the store adds the token string, its hash and accessor.
 *
 * @param ttl           seconds; 0 only for non-expiring root tokens
 * @param pat           the personal token of a GitHub login, to be kept encrypted for renewals
 */
public record TokenSpec(String type, List<String> policies, Map<String, String> meta, String displayName, String path,
                        Optional<String> parentHash, String entityId, Instant issueTime, long ttl, long explicitMaxTtl,
                        long period, long numUses, boolean renewable, List<String> boundCidrs, String source,
                        Optional<List<String>> mappedPolicies, Optional<String> pat, Optional<Long> githubUserId) {

    public TokenSpec {
        policies = List.copyOf(policies);
        meta = Map.copyOf(meta);
        boundCidrs = List.copyOf(boundCidrs);
    }

    @Override
    public String toString() {
        return "TokenSpec[" + type + ", path=" + path + ", policies=" + policies + "]";
    }
}
