package dev.tokenbroker.vault.githubauth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One team or user mapping: the raw JSON of the last write, keyed by kind and lower-cased key (vault-api.md §3). */
@Entity
@Table(name = "VAULT_GITHUB_MAP")
public class GithubMapEntry {

    @Id
    @Column(name = "map_id", length = 300)
    private String id;

    @Column(name = "map_kind", length = 8, nullable = false)
    private String kind;

    @Column(name = "map_key", length = 255, nullable = false)
    private String key;

    @Column(name = "raw_json", nullable = false, length = 65535)
    private String rawJson;

    protected GithubMapEntry() {
    }

    public GithubMapEntry(String kind, String key, String rawJson) {
        this.id = kind + ":" + key;
        this.kind = kind;
        this.key = key;
        this.rawJson = rawJson;
    }

    public static String id(String kind, String key) {
        return kind + ":" + key;
    }

    public String getKey() {
        return key;
    }

    public String getRawJson() {
        return rawJson;
    }

    public void setRawJson(String rawJson) {
        this.rawJson = rawJson;
    }
}
