package dev.tokenbroker.vault.githubauth.entity;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.tokenbroker.vault.token.entity.TokenFields;

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

    @Embedded
    private TokenFields token = new TokenFields();

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
    /** The {@code token_*} settings. */
    public TokenFields token() {
        if (token == null) {
            token = new TokenFields(); // a provider may leave an embeddable null when all its columns are
        }
        return token;
    }

    public long getTokenTtl() { return token().getTtl(); }
    public void setTokenTtl(long v) { token().setTtl(v); }
    public long getTokenMaxTtl() { return token().getMaxTtl(); }
    public void setTokenMaxTtl(long v) { token().setMaxTtl(v); }
    public long getTokenExplicitMaxTtl() { return token().getExplicitMaxTtl(); }
    public long getTokenPeriod() { return token().getPeriod(); }
    public boolean isTokenNoDefaultPolicy() { return token().isNoDefaultPolicy(); }
    public long getTokenNumUses() { return token().getNumUses(); }
    public String getTokenType() { return token().getType(); }
    public long getLegacyTtl() { return legacyTtl; }
    public void setLegacyTtl(long v) { legacyTtl = v; }
    public long getLegacyMaxTtl() { return legacyMaxTtl; }
    public void setLegacyMaxTtl(long v) { legacyMaxTtl = v; }

    /** The TTL in force: {@code token_ttl}, or the legacy {@code ttl} when only that was set. */
    public long effectiveTtl() {
        return getTokenTtl() == 0 && legacyTtl > 0 ? legacyTtl : getTokenTtl();
    }

    public long effectiveMaxTtl() {
        return getTokenMaxTtl() == 0 && legacyMaxTtl > 0 ? legacyMaxTtl : getTokenMaxTtl();
    }

    /** {@code token_policies} as a list. */
    public List<String> tokenPolicyList() {
        return token().policyList();
    }

    /** {@code token_bound_cidrs} as a list; empty admits every address. */
    public List<String> tokenBoundCidrList() {
        return token().boundCidrList();
    }
}
