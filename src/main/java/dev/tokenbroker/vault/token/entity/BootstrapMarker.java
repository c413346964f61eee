package dev.tokenbroker.vault.token.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tokenbroker.platform.control.EpochMicros;

/**
 * A one-time marker, e.g. "root token generated" or a revoked configured root token's hash (a tombstone): its
 * primary key makes the first writer win when several nodes start at once.
 */
@Entity
@Table(name = "VAULT_BOOTSTRAP")
public class BootstrapMarker {

    @Id
    @Column(name = "marker_key", length = 128)
    private String markerKey;

    @Column(name = "created_at", nullable = false)
    private Long createdAt;

    protected BootstrapMarker() {
    }

    public BootstrapMarker(String key, Instant createdAt) {
        this.markerKey = key;
        this.createdAt = EpochMicros.of(createdAt);
    }

    public String getKey() {
        return markerKey;
    }

    public Instant getCreatedAt() {
        return EpochMicros.instant(createdAt);
    }
}
