package dev.tokenbroker.vault.githubsecrets.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A named set of mint constraints of the secrets engine (vault-api.md §7.4). Lists are stored comma-separated,
 * permissions as a JSON object; read per request, so a change on one node applies on every node at once.
 */
@Entity
@Table(name = "VAULT_PERMISSION_SET")
public class StoredPermissionSet {

    @Id
    @Column(name = "set_name", length = 255)
    private String name;

    @Column(name = "installation_id", nullable = false)
    private long installationId;

    @Column(name = "org_name", length = 255, nullable = false)
    private String orgName = "";

    @Column(name = "repositories", nullable = false, length = 1048576)
    private String repositories = "";

    @Column(name = "repository_ids", nullable = false, length = 1048576)
    private String repositoryIds = "";

    @Column(name = "permissions_json", nullable = false, length = 65535)
    private String permissionsJson = "{}";

    @Version
    @Column(name = "row_version")
    private long version;

    protected StoredPermissionSet() {
    }

    public StoredPermissionSet(String name) {
        this.name = name;
    }

    public String getName() { return name; }
    public long getInstallationId() { return installationId; }
    public void setInstallationId(long v) { installationId = v; }
    public String getOrgName() { return orgName; }
    public void setOrgName(String v) { orgName = v; }
    public String getRepositories() { return repositories; }
    public void setRepositories(String v) { repositories = v; }
    public String getRepositoryIds() { return repositoryIds; }
    public void setRepositoryIds(String v) { repositoryIds = v; }
    public String getPermissionsJson() { return permissionsJson; }
    public void setPermissionsJson(String v) { permissionsJson = v; }
}
