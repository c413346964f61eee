package dev.tokenbroker.vault.logical.entity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A valid token as the API sees it, service or batch. {@code presented} is the token string the caller sent (never
 * stored); {@code hash} identifies a service token (empty for batch tokens).
 *
 * @param expireTime     empty for non-expiring (root) tokens
 * @param mappedPolicies the team and user policies of a GitHub login, kept for the renewal check
 */
public record TokenInfo(TokenType type, String presented, String hash, String accessor, List<String> policies,
                        Map<String, String> meta, String displayName, String path, Optional<String> parentHash,
                        String entityId, Instant issueTime, Optional<Instant> expireTime, Optional<Instant> lastRenewal,
                        long creationTtl, long explicitMaxTtl, long period, long numUses, boolean renewable, boolean orphan,
                        List<String> boundCidrs, String source, Optional<List<String>> mappedPolicies,
                        Optional<String> encryptedPat) {

    public TokenInfo {
        policies = List.copyOf(policies);
        meta = Map.copyOf(meta);
        boundCidrs = List.copyOf(boundCidrs);
    }

    /** The same token with {@code left} uses remaining (what lookups show during the token's last use). */
    public TokenInfo withUsesLeft(long left) {
        return new TokenInfo(type, presented, hash, accessor, policies, meta, displayName, path, parentHash, entityId,
                issueTime, expireTime, lastRenewal, creationTtl, explicitMaxTtl, period, left, renewable, orphan, boundCidrs,
                source, mappedPolicies, encryptedPat);
    }

    public boolean batch() {
        return type == TokenType.BATCH;
    }

    public boolean root() {
        return policies.contains("root");
    }

    public boolean expiring() {
        return expireTime.isPresent();
    }

    @Override
    public String toString() {
        return "TokenInfo[" + type + ", accessor=" + accessor + ", policies=" + policies + "]";
    }
}
