package dev.tokenbroker.vault.lease.entity;

import java.time.Instant;
import java.util.Optional;

/** What may be shown and decided about a lease, without its secret (vault-api.md §7.6). */
public record LeaseInfo(String leaseId, Optional<String> ownerHash, String requesterHash, Instant issueTime,
                        Instant expireTime, Instant githubExpiresAt, LeaseState state) {

    /** Whether the token with this hash owns or asked for the lease (the ownership rule of §6.4). */
    public boolean heldBy(String tokenHash) {
        return !tokenHash.isEmpty() && (ownerHash.map(tokenHash::equals).orElse(false) || requesterHash.equals(tokenHash));
    }
}
