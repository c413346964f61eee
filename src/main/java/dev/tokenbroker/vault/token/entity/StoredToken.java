package dev.tokenbroker.vault.token.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.tokenbroker.platform.control.EpochMicros;

/**
 * A service token of the Vault API (vault-api.md §5). Only the SHA-256 of the token is stored; the personal token of
 * a GitHub login only encrypted. Lists are stored as comma-separated text, maps as JSON text.
 */
@Entity
@Table(name = "VAULT_TOKEN", indexes = {
    @Index(name = "VAULT_TOKEN_ACCESSOR", columnList = "accessor", unique = true),
    @Index(name = "VAULT_TOKEN_PARENT", columnList = "parent_hash"),
    @Index(name = "VAULT_TOKEN_EXPIRY", columnList = "expire_time")})
public class StoredToken {

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "accessor", length = 32, nullable = false)
    private String accessor;

    @Column(name = "policies", length = 4000, nullable = false)
    private String policies = "";

    @Column(name = "mapped_policies", length = 4000)
    private String mappedPolicies;

    @Column(name = "meta_json", length = 65535)
    private String metaJson = "{}";

    @Column(name = "display_name", length = 255, nullable = false)
    private String displayName;

    @Column(name = "token_path", length = 255, nullable = false)
    private String path;

    @Column(name = "parent_hash", length = 64)
    private String parentHash;

    @Column(name = "entity_id", length = 64)
    private String entityId = "";

    @Column(name = "issue_time", nullable = false)
    private Long issueTime;

    @Column(name = "expire_time")
    private Long expireTime;

    @Column(name = "last_renewal")
    private Long lastRenewal;

    @Column(name = "creation_ttl")
    private long creationTtl;

    @Column(name = "explicit_max_ttl")
    private long explicitMaxTtl;

    @Column(name = "period_seconds")
    private long period;

    @Column(name = "num_uses")
    private long numUses;

    @Column(name = "renewable")
    private boolean renewable;

    @Column(name = "orphan")
    private boolean orphan;

    @Column(name = "bound_cidrs", length = 2000)
    private String boundCidrs = "";

    @Column(name = "token_source", length = 32, nullable = false)
    private String source;

    @Column(name = "encrypted_pat", length = 4000)
    private String encryptedPat;

    @Column(name = "github_user_id")
    private Long githubUserId;

    @Version
    @Column(name = "row_version")
    private long version;

    public String getTokenHash() { return tokenHash; }
    public void setTokenHash(String v) { tokenHash = v; }
    public String getAccessor() { return accessor; }
    public void setAccessor(String v) { accessor = v; }
    public String getPolicies() { return policies; }
    public void setPolicies(String v) { policies = v; }
    public String getMappedPolicies() { return mappedPolicies; }
    public void setMappedPolicies(String v) { mappedPolicies = v; }
    public String getMetaJson() { return metaJson; }
    public void setMetaJson(String v) { metaJson = v; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String v) { displayName = v; }
    public String getPath() { return path; }
    public void setPath(String v) { path = v; }
    public String getParentHash() { return parentHash; }
    public void setParentHash(String v) { parentHash = v; }
    public String getEntityId() { return entityId; }
    public void setEntityId(String v) { entityId = v; }
    public Instant getIssueTime() { return EpochMicros.instant(issueTime); }
    public void setIssueTime(Instant v) { issueTime = EpochMicros.of(v); }
    public Instant getExpireTime() { return EpochMicros.instant(expireTime); }
    public void setExpireTime(Instant v) { expireTime = EpochMicros.of(v); }
    public Instant getLastRenewal() { return EpochMicros.instant(lastRenewal); }
    public void setLastRenewal(Instant v) { lastRenewal = EpochMicros.of(v); }
    public long getCreationTtl() { return creationTtl; }
    public void setCreationTtl(long v) { creationTtl = v; }
    public long getExplicitMaxTtl() { return explicitMaxTtl; }
    public void setExplicitMaxTtl(long v) { explicitMaxTtl = v; }
    public long getPeriod() { return period; }
    public void setPeriod(long v) { period = v; }
    public long getNumUses() { return numUses; }
    public void setNumUses(long v) { numUses = v; }
    public boolean isRenewable() { return renewable; }
    public void setRenewable(boolean v) { renewable = v; }
    public boolean isOrphan() { return orphan; }
    public void setOrphan(boolean v) { orphan = v; }
    public String getBoundCidrs() { return boundCidrs; }
    public void setBoundCidrs(String v) { boundCidrs = v; }
    public String getSource() { return source; }
    public void setSource(String v) { source = v; }
    public String getEncryptedPat() { return encryptedPat; }
    public void setEncryptedPat(String v) { encryptedPat = v; }
    public Long getGithubUserId() { return githubUserId; }
    public void setGithubUserId(Long v) { githubUserId = v; }
    public long getVersion() { return version; }
}
