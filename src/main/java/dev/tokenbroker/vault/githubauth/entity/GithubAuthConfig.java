package dev.tokenbroker.vault.githubauth.entity;

import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The GitHub auth method's configuration, a singleton row (vault-api.md §2). Durations are seconds. */
@Entity
@Table(name = "VAULT_GITHUB_CONFIG")
public class GithubAuthConfig {

    public static final String ID = "config";

    @Id
    @Column(name = "config_id", length = 16)
    private String id = ID;

    @Column(name = "organization", length = 255)
    private String organization;

    @Column(name = "organization_id")
    private long organizationId;

    @Column(name = "base_url", length = 1024)
    private String baseUrl = "";

    @Column(name = "token_ttl")
    private long tokenTtl;

    @Column(name = "token_max_ttl")
    private long tokenMaxTtl;

    @Column(name = "token_explicit_max_ttl")
    private long tokenExplicitMaxTtl;

    @Column(name = "token_period")
    private long tokenPeriod;

    @Column(name = "token_policies", length = 4000)
    private String tokenPolicies = "";

    @Column(name = "token_bound_cidrs", length = 2000)
    private String tokenBoundCidrs = "";

    @Column(name = "token_no_default_policy")
    private boolean tokenNoDefaultPolicy;

    @Column(name = "token_num_uses")
    private long tokenNumUses;

    @Column(name = "token_type", length = 16)
    private String tokenType = "default";

    @Column(name = "legacy_ttl")
    private long legacyTtl;

    @Column(name = "legacy_max_ttl")
    private long legacyMaxTtl;

    @Version
    @Column(name = "row_version")
    private long version;

    public String getOrganization() { return organization; }
    public void setOrganization(String v) { organization = v; }
    public long getOrganizationId() { return organizationId; }
    public void setOrganizationId(long v) { organizationId = v; }
    public String getBaseUrl() { return baseUrl == null ? "" : baseUrl; }
    public void setBaseUrl(String v) { baseUrl = v; }
    public long getTokenTtl() { return tokenTtl; }
    public void setTokenTtl(long v) { tokenTtl = v; }
    public long getTokenMaxTtl() { return tokenMaxTtl; }
    public void setTokenMaxTtl(long v) { tokenMaxTtl = v; }
    public long getTokenExplicitMaxTtl() { return tokenExplicitMaxTtl; }
    public void setTokenExplicitMaxTtl(long v) { tokenExplicitMaxTtl = v; }
    public long getTokenPeriod() { return tokenPeriod; }
    public void setTokenPeriod(long v) { tokenPeriod = v; }
    public String getTokenPolicies() { return tokenPolicies == null ? "" : tokenPolicies; }
    public void setTokenPolicies(String v) { tokenPolicies = v; }
    public String getTokenBoundCidrs() { return tokenBoundCidrs == null ? "" : tokenBoundCidrs; }
    public void setTokenBoundCidrs(String v) { tokenBoundCidrs = v; }
    public boolean isTokenNoDefaultPolicy() { return tokenNoDefaultPolicy; }
    public void setTokenNoDefaultPolicy(boolean v) { tokenNoDefaultPolicy = v; }
    public long getTokenNumUses() { return tokenNumUses; }
    public void setTokenNumUses(long v) { tokenNumUses = v; }
    public String getTokenType() { return tokenType == null || tokenType.isEmpty() ? "default" : tokenType; }
    public void setTokenType(String v) { tokenType = v; }
    public long getLegacyTtl() { return legacyTtl; }
    public void setLegacyTtl(long v) { legacyTtl = v; }
    public long getLegacyMaxTtl() { return legacyMaxTtl; }
    public void setLegacyMaxTtl(long v) { legacyMaxTtl = v; }

    /** The TTL in force: {@code token_ttl}, or the legacy {@code ttl} when only that was set. */
    public long effectiveTtl() {
        return tokenTtl == 0 && legacyTtl > 0 ? legacyTtl : tokenTtl;
    }

    public long effectiveMaxTtl() {
        return tokenMaxTtl == 0 && legacyMaxTtl > 0 ? legacyMaxTtl : tokenMaxTtl;
    }

    /** {@code token_policies} as a list. */
    public List<String> tokenPolicyList() {
        return list(tokenPolicies);
    }

    /** {@code token_bound_cidrs} as a list; empty admits every address. */
    public List<String> tokenBoundCidrList() {
        return list(tokenBoundCidrs);
    }

    private static List<String> list(String comma) {
        return comma == null || comma.isEmpty() ? List.of() : Arrays.asList(comma.split(","));
    }
}
