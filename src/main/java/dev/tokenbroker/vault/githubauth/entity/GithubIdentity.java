package dev.tokenbroker.vault.githubauth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The stable {@code entity_id} of one GitHub user (by numeric id, which survives renames). */
@Entity
@Table(name = "VAULT_GITHUB_IDENTITY")
public class GithubIdentity {

    @Id
    @Column(name = "github_user_id")
    private long githubUserId;

    @Column(name = "entity_id", length = 36, nullable = false)
    private String entityId;

    @Column(name = "login", length = 255)
    private String login;

    protected GithubIdentity() {
    }

    public GithubIdentity(long githubUserId, String entityId, String login) {
        this.githubUserId = githubUserId;
        this.entityId = entityId;
        this.login = login;
    }

    public String getEntityId() {
        return entityId;
    }

    public void setLogin(String login) {
        this.login = login;
    }
}
