package dev.tokenbroker.vault.jwtauth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One JWT mount's configuration ({@code auth/<mount>/config}): where its keys come from (exactly one of an OIDC
 * discovery URL, a JWKS URL or PEM public keys), the issuer bound, the default role and the algorithms accepted.
 * Lists are stored as JSON arrays.
 */
@Entity
@Table(name = "VAULT_JWT_CONFIG")
public class JwtAuthConfig {

    @Id
    @Column(name = "mount", length = 64)
    private String mount;

    @Column(name = "oidc_discovery_url", length = 1024)
    private String oidcDiscoveryUrl = "";

    @Column(name = "oidc_discovery_ca_pem", length = 65535)
    private String oidcDiscoveryCaPem = "";

    @Column(name = "jwks_url", length = 1024)
    private String jwksUrl = "";

    @Column(name = "jwks_ca_pem", length = 65535)
    private String jwksCaPem = "";

    @Column(name = "validation_pubkeys", length = 65535)
    private String validationPubkeys = "[]";

    @Column(name = "supported_algs", length = 255)
    private String supportedAlgs = "[]";

    @Column(name = "bound_issuer", length = 1024)
    private String boundIssuer = "";

    @Column(name = "default_role", length = 255)
    private String defaultRole = "";

    @Column(name = "namespace_in_state")
    private boolean namespaceInState = true;

    @Version
    @Column(name = "row_version")
    private long version;

    protected JwtAuthConfig() {
    }

    public JwtAuthConfig(String mount) {
        this.mount = mount;
    }

    /** Takes every setting of {@code other} (a write replaces the whole config), keeping this row's identity. */
    public void replaceWith(JwtAuthConfig other) {
        oidcDiscoveryUrl = other.oidcDiscoveryUrl;
        oidcDiscoveryCaPem = other.oidcDiscoveryCaPem;
        jwksUrl = other.jwksUrl;
        jwksCaPem = other.jwksCaPem;
        validationPubkeys = other.validationPubkeys;
        supportedAlgs = other.supportedAlgs;
        boundIssuer = other.boundIssuer;
        defaultRole = other.defaultRole;
        namespaceInState = other.namespaceInState;
    }

    public String getMount() { return mount; }
    public String getOidcDiscoveryUrl() { return text(oidcDiscoveryUrl); }
    public void setOidcDiscoveryUrl(String v) { oidcDiscoveryUrl = v; }
    public String getOidcDiscoveryCaPem() { return text(oidcDiscoveryCaPem); }
    public void setOidcDiscoveryCaPem(String v) { oidcDiscoveryCaPem = v; }
    public String getJwksUrl() { return text(jwksUrl); }
    public void setJwksUrl(String v) { jwksUrl = v; }
    public String getJwksCaPem() { return text(jwksCaPem); }
    public void setJwksCaPem(String v) { jwksCaPem = v; }
    /** A JSON array of PEM strings. */
    public String getValidationPubkeys() { return validationPubkeys == null ? "[]" : validationPubkeys; }
    public void setValidationPubkeys(String v) { validationPubkeys = v; }
    /** A JSON array of algorithm names; empty accepts all that Vault accepts. */
    public String getSupportedAlgs() { return supportedAlgs == null ? "[]" : supportedAlgs; }
    public void setSupportedAlgs(String v) { supportedAlgs = v; }
    public String getBoundIssuer() { return text(boundIssuer); }
    public void setBoundIssuer(String v) { boundIssuer = v; }
    public String getDefaultRole() { return text(defaultRole); }
    public void setDefaultRole(String v) { defaultRole = v; }
    public boolean isNamespaceInState() { return namespaceInState; }
    public void setNamespaceInState(boolean v) { namespaceInState = v; }
    /** Changes with every write: key sources built from an older version are rebuilt. */
    public long getVersion() { return version; }

    private static String text(String v) {
        return v == null ? "" : v;
    }
}
