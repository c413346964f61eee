package dev.tokenbroker.vault.lease.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.tokenbroker.platform.control.EpochMicros;

/**
 * A GitHub installation token the secrets engine issued (vault-api.md §7.6): who owns it, when it ends, and the
 * token itself only as AES-GCM ciphertext, kept until it is revoked at GitHub. A revoked lease is deleted; an
 * irrevocable one (GitHub kept failing) loses its ciphertext and stays until GitHub's own expiry.
 *
 * <p>{@code claimedUntil} lets one node at a time work on a lease: a node sets it with a conditional update before it
 * calls GitHub, so when several nodes share the database exactly one of them revokes a given lease.
 */
@Entity
@Table(name = "VAULT_LEASE", indexes = {
        @Index(name = "VAULT_LEASE_OWNER", columnList = "owner_hash"),
        @Index(name = "VAULT_LEASE_DUE", columnList = "lease_state, next_attempt"),
        @Index(name = "VAULT_LEASE_EXPIRY", columnList = "lease_state, expire_time")})
public class StoredLease {

    @Id
    @Column(name = "lease_id", length = 255)
    private String leaseId;

    /** The broker token whose revocation revokes this lease; null for a batch token without a parent. */
    @Column(name = "owner_hash", length = 64)
    private String ownerHash;

    /** SHA-256 of the token that asked (a batch token's too), for the ownership rule of §6.4. */
    @Column(name = "requester_hash", length = 64, nullable = false)
    private String requesterHash;

    @Column(name = "request_path", length = 255, nullable = false)
    private String requestPath;

    @Column(name = "issue_time", nullable = false)
    private Long issueTime;

    @Column(name = "expire_time", nullable = false)
    private Long expireTime;

    @Column(name = "github_expires_at", nullable = false)
    private Long githubExpiresAt;

    @Column(name = "installation_id", nullable = false)
    private long installationId;

    @Column(name = "encrypted_token", length = 4000)
    private String encryptedToken;

    @Column(name = "lease_state", length = 16, nullable = false)
    private String state = LeaseState.ACTIVE.column();

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_attempt")
    private Long nextAttempt;

    @Column(name = "claimed_until")
    private Long claimedUntil;

    @Column(name = "last_error", length = 1000)
    private String lastError;

    @Version
    @Column(name = "row_version")
    private long version;

    public String getLeaseId() { return leaseId; }
    public void setLeaseId(String v) { leaseId = v; }
    public String getOwnerHash() { return ownerHash; }
    public void setOwnerHash(String v) { ownerHash = v; }
    public String getRequesterHash() { return requesterHash; }
    public void setRequesterHash(String v) { requesterHash = v; }
    public String getRequestPath() { return requestPath; }
    public void setRequestPath(String v) { requestPath = v; }
    public Instant getIssueTime() { return EpochMicros.instant(issueTime); }
    public void setIssueTime(Instant v) { issueTime = EpochMicros.of(v); }
    public Instant getExpireTime() { return EpochMicros.instant(expireTime); }
    public void setExpireTime(Instant v) { expireTime = EpochMicros.of(v); }
    public Instant getGithubExpiresAt() { return EpochMicros.instant(githubExpiresAt); }
    public void setGithubExpiresAt(Instant v) { githubExpiresAt = EpochMicros.of(v); }
    public long getInstallationId() { return installationId; }
    public void setInstallationId(long v) { installationId = v; }
    public String getEncryptedToken() { return encryptedToken; }
    public void setEncryptedToken(String v) { encryptedToken = v; }
    public LeaseState getState() { return LeaseState.ofColumn(state); }
    public void setState(LeaseState v) { state = v.column(); }
    public int getAttempts() { return attempts; }
    public void setAttempts(int v) { attempts = v; }
    public Instant getNextAttempt() { return EpochMicros.instant(nextAttempt); }
    public void setNextAttempt(Instant v) { nextAttempt = EpochMicros.of(v); }
    public Instant getClaimedUntil() { return EpochMicros.instant(claimedUntil); }
    public void setClaimedUntil(Instant v) { claimedUntil = EpochMicros.of(v); }
    public String getLastError() { return lastError; }
    public void setLastError(String v) { lastError = v; }
}
