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

    /** Starts a token of this type issued at this time; everything else has Vault's empty default until set. */
    public static Builder builder(TokenType type, Instant issueTime) {
        return new Builder(type, issueTime);
    }

    /** The same token with {@code left} uses remaining (what lookups show during the token's last use). */
    public TokenInfo withUsesLeft(long left) {
        return builder(type, issueTime).presented(presented).hash(hash).accessor(accessor).policies(policies)
                .meta(meta).displayName(displayName).path(path).parentHash(parentHash).entityId(entityId)
                .expireTime(expireTime).lastRenewal(lastRenewal).creationTtl(creationTtl)
                .explicitMaxTtl(explicitMaxTtl).period(period).renewable(renewable).orphan(orphan)
                .boundCidrs(boundCidrs).source(source).mappedPolicies(mappedPolicies).encryptedPat(encryptedPat)
                .numUses(left).build();
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

    /** Sets the fields by name, as the store reads them from a row or a sealed batch token. */
    public static final class Builder {
        private final TokenType type;
        private final Instant issueTime;
        private String presented = "";
        private String hash = "";
        private String accessor = "";
        private List<String> policies = List.of();
        private Map<String, String> meta = Map.of();
        private String displayName = "";
        private String path = "";
        private Optional<String> parentHash = Optional.empty();
        private String entityId = "";
        private Optional<Instant> expireTime = Optional.empty();
        private Optional<Instant> lastRenewal = Optional.empty();
        private long creationTtl = 0;
        private long explicitMaxTtl = 0;
        private long period = 0;
        private long numUses = 0;
        private boolean renewable = false;
        private boolean orphan = false;
        private List<String> boundCidrs = List.of();
        private String source = "";
        private Optional<List<String>> mappedPolicies = Optional.empty();
        private Optional<String> encryptedPat = Optional.empty();

        private Builder(TokenType type, Instant issueTime) {
            this.type = type;
            this.issueTime = issueTime;
        }

        public Builder presented(String value) {
            presented = value;
            return this;
        }

        public Builder hash(String value) {
            hash = value;
            return this;
        }

        public Builder accessor(String value) {
            accessor = value;
            return this;
        }

        public Builder policies(List<String> value) {
            policies = value;
            return this;
        }

        public Builder meta(Map<String, String> value) {
            meta = value;
            return this;
        }

        public Builder displayName(String value) {
            displayName = value;
            return this;
        }

        public Builder path(String value) {
            path = value;
            return this;
        }

        public Builder parentHash(Optional<String> value) {
            parentHash = value;
            return this;
        }

        public Builder entityId(String value) {
            entityId = value;
            return this;
        }

        public Builder expireTime(Optional<Instant> value) {
            expireTime = value;
            return this;
        }

        public Builder lastRenewal(Optional<Instant> value) {
            lastRenewal = value;
            return this;
        }

        public Builder creationTtl(long value) {
            creationTtl = value;
            return this;
        }

        public Builder explicitMaxTtl(long value) {
            explicitMaxTtl = value;
            return this;
        }

        public Builder period(long value) {
            period = value;
            return this;
        }

        public Builder numUses(long value) {
            numUses = value;
            return this;
        }

        public Builder renewable(boolean value) {
            renewable = value;
            return this;
        }

        public Builder orphan(boolean value) {
            orphan = value;
            return this;
        }

        public Builder boundCidrs(List<String> value) {
            boundCidrs = value;
            return this;
        }

        public Builder source(String value) {
            source = value;
            return this;
        }

        public Builder mappedPolicies(Optional<List<String>> value) {
            mappedPolicies = value;
            return this;
        }

        public Builder encryptedPat(Optional<String> value) {
            encryptedPat = value;
            return this;
        }

        public TokenInfo build() {
            return new TokenInfo(type, presented, hash, accessor, policies, meta, displayName, path, parentHash, entityId,
                    issueTime, expireTime, lastRenewal, creationTtl, explicitMaxTtl, period, numUses, renewable, orphan,
                    boundCidrs, source, mappedPolicies, encryptedPat);
        }
    }
}
