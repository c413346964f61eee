package dev.tokenbroker.vault.token.entity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tokenbroker.vault.logical.entity.TokenType;

/**
 * Everything a new token is made of; the store adds the token string, its hash and accessor. Made with
 * {@link #builder}, which starts from Vault's defaults (no policies, no parent, no limits).
 *
 * @param ttl   seconds; 0 only for non-expiring root tokens
 * @param login what an auth method keeps for the token's renewals, empty for tokens made by {@code auth/token/create}
 */
public record TokenSpec(TokenType type, String path, String source, List<String> policies, Map<String, String> meta,
                        String displayName, Optional<String> parentHash, String entityId, Instant issueTime, long ttl,
                        long explicitMaxTtl, long period, long numUses, boolean renewable, List<String> boundCidrs,
                        Optional<LoginData> login) {

    /**
     * What a login keeps in its token for renewals (Vault's {@code Auth.InternalData}).
     *
     * @param mappedPolicies the team and user policies at login, compared at each renewal
     * @param pat            the personal token, stored encrypted; empty for batch tokens, which cannot be renewed
     */
    public record LoginData(List<String> mappedPolicies, Optional<String> pat, long githubUserId) {
        public LoginData {
            mappedPolicies = List.copyOf(mappedPolicies);
        }

        /** Never the personal token. */
        @Override
        public String toString() {
            return "LoginData[mappedPolicies=" + mappedPolicies + ", githubUserId=" + githubUserId + "]";
        }
    }

    public TokenSpec {
        policies = List.copyOf(policies);
        meta = Map.copyOf(meta);
        boundCidrs = List.copyOf(boundCidrs);
    }

    /**
     * @param path   the path that created the token ({@code auth/github/login})
     * @param source why it was made ({@code login}, {@code create}, a root bootstrap), for renewal and the audit
     */
    public static Builder builder(TokenType type, String path, String source, Instant issueTime) {
        return new Builder(type, path, source, issueTime);
    }

    @Override
    public String toString() {
        return "TokenSpec[" + type.wire() + ", path=" + path + ", policies=" + policies + "]";
    }

    /** Sets what differs from Vault's defaults. */
    public static final class Builder {
        private final TokenType type;
        private final String path;
        private final String source;
        private final Instant issueTime;
        private List<String> policies = List.of();
        private Map<String, String> meta = Map.of();
        private String displayName = "token";
        private Optional<String> parentHash = Optional.empty();
        private String entityId = "";
        private long ttl;
        private long explicitMaxTtl;
        private long period;
        private long numUses;
        private boolean renewable;
        private List<String> boundCidrs = List.of();
        private Optional<LoginData> login = Optional.empty();

        private Builder(TokenType type, String path, String source, Instant issueTime) {
            this.type = type;
            this.path = path;
            this.source = source;
            this.issueTime = issueTime;
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

        public Builder parent(Optional<String> hash) {
            parentHash = hash;
            return this;
        }

        public Builder entityId(String value) {
            entityId = value;
            return this;
        }

        /** Seconds to live from the issue time; 0 never expires (root tokens only). */
        public Builder ttl(long seconds) {
            ttl = seconds;
            return this;
        }

        public Builder explicitMaxTtl(long seconds) {
            explicitMaxTtl = seconds;
            return this;
        }

        public Builder period(long seconds) {
            period = seconds;
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

        public Builder boundCidrs(List<String> value) {
            boundCidrs = value;
            return this;
        }

        public Builder login(LoginData value) {
            login = Optional.of(value);
            return this;
        }

        public TokenSpec build() {
            return new TokenSpec(type, path, source, policies, meta, displayName, parentHash, entityId, issueTime, ttl,
                    explicitMaxTtl, period, numUses, renewable, boundCidrs, login);
        }
    }
}
