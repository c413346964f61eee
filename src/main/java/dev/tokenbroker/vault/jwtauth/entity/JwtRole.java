package dev.tokenbroker.vault.jwtauth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.tokenbroker.vault.token.entity.TokenFields;

/**
 * One role of a JWT mount ({@code auth/<mount>/role/<name>}): what a token must show (audiences, subject, claims),
 * which claim names the user, which claims become metadata, the leeways, and the tokens' settings. Lists and maps
 * are stored as JSON; {@code null} in a JSON column means "never set", which a read shows as {@code null}, as
 * Vault does. The OIDC-only fields are kept so that a read shows what was written.
 */
@Entity
@Table(name = "VAULT_JWT_ROLE", indexes = @Index(name = "VAULT_JWT_ROLE_MOUNT", columnList = "mount, role_name"))
public class JwtRole {

    /** {@code <mount>:<name>}: mount names have no colon. */
    @Id
    @Column(name = "role_key", length = 400)
    private String key;

    @Column(name = "mount", length = 64, nullable = false)
    private String mount;

    @Column(name = "role_name", length = 255, nullable = false)
    private String name;

    @Column(name = "role_type", length = 16)
    private String roleType = "jwt";

    @Column(name = "bound_audiences", length = 65535)
    private String boundAudiences;

    @Column(name = "bound_subject", length = 1024)
    private String boundSubject = "";

    @Column(name = "bound_claims", length = 65535)
    private String boundClaims;

    @Column(name = "bound_claims_type", length = 16)
    private String boundClaimsType = "string";

    @Column(name = "claim_mappings", length = 65535)
    private String claimMappings;

    @Column(name = "user_claim", length = 255)
    private String userClaim = "";

    @Column(name = "user_claim_json_pointer")
    private boolean userClaimJsonPointer;

    @Column(name = "groups_claim", length = 255)
    private String groupsClaim = "";

    @Column(name = "clock_skew_leeway")
    private long clockSkewLeeway;

    @Column(name = "expiration_leeway")
    private long expirationLeeway;

    @Column(name = "not_before_leeway")
    private long notBeforeLeeway;

    @Column(name = "verbose_oidc_logging")
    private boolean verboseOidcLogging;

    @Column(name = "max_age")
    private long maxAge;

    @Column(name = "allowed_redirect_uris", length = 65535)
    private String allowedRedirectUris;

    @Column(name = "oidc_scopes", length = 65535)
    private String oidcScopes;

    @Column(name = "callback_mode", length = 16)
    private String callbackMode = "client";

    @Embedded
    private TokenFields token = new TokenFields();

    @Version
    @Column(name = "row_version")
    private long version;

    protected JwtRole() {
    }

    public JwtRole(String mount, String name) {
        this.key = key(mount, name);
        this.mount = mount;
        this.name = name;
    }

    public static String key(String mount, String name) {
        return mount + ":" + name;
    }

    public String getMount() { return mount; }
    public String getName() { return name; }
    public String getRoleType() { return roleType == null || roleType.isEmpty() ? "jwt" : roleType; }
    public void setRoleType(String v) { roleType = v; }
    /** A JSON array, or null when never set. */
    public String getBoundAudiences() { return boundAudiences; }
    public void setBoundAudiences(String v) { boundAudiences = v; }
    public String getBoundSubject() { return boundSubject == null ? "" : boundSubject; }
    public void setBoundSubject(String v) { boundSubject = v; }
    /** A JSON object, or null when never set. */
    public String getBoundClaims() { return boundClaims; }
    public void setBoundClaims(String v) { boundClaims = v; }
    public String getBoundClaimsType() { return boundClaimsType == null || boundClaimsType.isEmpty() ? "string" : boundClaimsType; }
    public void setBoundClaimsType(String v) { boundClaimsType = v; }
    /** A JSON object of strings, or null when never set. */
    public String getClaimMappings() { return claimMappings; }
    public void setClaimMappings(String v) { claimMappings = v; }
    public String getUserClaim() { return userClaim == null ? "" : userClaim; }
    public void setUserClaim(String v) { userClaim = v; }
    public boolean isUserClaimJsonPointer() { return userClaimJsonPointer; }
    public void setUserClaimJsonPointer(boolean v) { userClaimJsonPointer = v; }
    public String getGroupsClaim() { return groupsClaim == null ? "" : groupsClaim; }
    public void setGroupsClaim(String v) { groupsClaim = v; }
    public long getClockSkewLeeway() { return clockSkewLeeway; }
    public void setClockSkewLeeway(long v) { clockSkewLeeway = v; }
    public long getExpirationLeeway() { return expirationLeeway; }
    public void setExpirationLeeway(long v) { expirationLeeway = v; }
    public long getNotBeforeLeeway() { return notBeforeLeeway; }
    public void setNotBeforeLeeway(long v) { notBeforeLeeway = v; }
    public boolean isVerboseOidcLogging() { return verboseOidcLogging; }
    public void setVerboseOidcLogging(boolean v) { verboseOidcLogging = v; }
    public long getMaxAge() { return maxAge; }
    public void setMaxAge(long v) { maxAge = v; }
    public String getAllowedRedirectUris() { return allowedRedirectUris; }
    public void setAllowedRedirectUris(String v) { allowedRedirectUris = v; }
    public String getOidcScopes() { return oidcScopes; }
    public void setOidcScopes(String v) { oidcScopes = v; }
    public String getCallbackMode() { return callbackMode == null || callbackMode.isEmpty() ? "client" : callbackMode; }
    public void setCallbackMode(String v) { callbackMode = v; }

    /** The {@code token_*} settings. */
    public TokenFields token() {
        if (token == null) {
            token = new TokenFields();
        }
        return token;
    }
}
