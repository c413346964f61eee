package dev.tokenbroker.vault.lease.entity;

/** CDI event: leases were marked for revocation in the current transaction; wake the revoker after it commits. */
public record LeasesPending(int count) {
}
