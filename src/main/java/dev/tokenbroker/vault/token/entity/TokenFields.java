package dev.tokenbroker.vault.token.entity;

import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import dev.tokenbroker.vault.logical.entity.TokenType;

/**
 * The token settings every auth method's config or role carries (Vault's {@code tokenutil.TokenParams}):
 * {@code token_ttl}, {@code token_max_ttl}, {@code token_explicit_max_ttl}, {@code token_period} (seconds),
 * {@code token_policies} and {@code token_bound_cidrs} (comma-joined), {@code token_no_default_policy},
 * {@code token_num_uses} and {@code token_type}. Embedded in each method's table under these column names.
 */
@Embeddable
public class TokenFields {

    @Column(name = "token_ttl")
    private long ttl;

    @Column(name = "token_max_ttl")
    private long maxTtl;

    @Column(name = "token_explicit_max_ttl")
    private long explicitMaxTtl;

    @Column(name = "token_period")
    private long period;

    @Column(name = "token_policies", length = 4000)
    private String policies = "";

    @Column(name = "token_bound_cidrs", length = 2000)
    private String boundCidrs = "";

    @Column(name = "token_no_default_policy")
    private boolean noDefaultPolicy;

    @Column(name = "token_num_uses")
    private long numUses;

    @Column(name = "token_type", length = 16)
    private String type = "default";

    public long getTtl() { return ttl; }
    public void setTtl(long v) { ttl = v; }
    public long getMaxTtl() { return maxTtl; }
    public void setMaxTtl(long v) { maxTtl = v; }
    public long getExplicitMaxTtl() { return explicitMaxTtl; }
    public void setExplicitMaxTtl(long v) { explicitMaxTtl = v; }
    public long getPeriod() { return period; }
    public void setPeriod(long v) { period = v; }
    public String getPolicies() { return policies == null ? "" : policies; }
    public void setPolicies(String v) { policies = v; }
    public String getBoundCidrs() { return boundCidrs == null ? "" : boundCidrs; }
    public void setBoundCidrs(String v) { boundCidrs = v; }
    public boolean isNoDefaultPolicy() { return noDefaultPolicy; }
    public void setNoDefaultPolicy(boolean v) { noDefaultPolicy = v; }
    public long getNumUses() { return numUses; }
    public void setNumUses(long v) { numUses = v; }

    /** {@code default}, {@code service} or {@code batch}. */
    public String getType() { return type == null || type.isEmpty() ? "default" : type; }
    public void setType(String v) { type = v; }

    /** {@code token_policies} as a list. */
    public List<String> policyList() {
        return list(policies);
    }

    /** {@code token_bound_cidrs} as a list; empty admits every address. */
    public List<String> boundCidrList() {
        return list(boundCidrs);
    }

    /** The token type a login issues: batch only when asked for. */
    public TokenType tokenType() {
        return getType().equals("batch") ? TokenType.BATCH : TokenType.SERVICE;
    }

    private static List<String> list(String comma) {
        return comma == null || comma.isEmpty() ? List.of() : Arrays.asList(comma.split(","));
    }
}
