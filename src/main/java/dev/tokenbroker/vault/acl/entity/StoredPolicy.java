package dev.tokenbroker.vault.acl.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An ACL policy as written (after base64 decoding); parsed again when used, so every node sees a change at once. */
@Entity
@Table(name = "VAULT_POLICY")
public class StoredPolicy {

    @Id
    @Column(name = "policy_name", length = 128)
    private String name;

    @Column(name = "policy_text", nullable = false, length = 1048576)
    private String text;

    @Version
    @Column(name = "row_version")
    private long version;

    protected StoredPolicy() {
    }

    public StoredPolicy(String name, String text) {
        this.name = name;
        this.text = text;
    }

    public String getName() {
        return name;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public long getVersion() {
        return version;
    }
}
