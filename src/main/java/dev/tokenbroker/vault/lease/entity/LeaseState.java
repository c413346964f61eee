package dev.tokenbroker.vault.lease.entity;

/**
 * Where a lease is in its life (vault-api.md §7.7): active until it expires or its token goes, then pending revocation
 * at GitHub (retried with back-off), and irrevocable once the attempts are used up (GitHub ends the token at its own
 * expiry). Stored as {@link #column()} in {@code VAULT_LEASE.lease_state}.
 */
public enum LeaseState {
    ACTIVE("active"),
    REVOKE_PENDING("revoke_pending"),
    IRREVOCABLE("irrevocable");

    private final String column;

    LeaseState(String column) {
        this.column = column;
    }

    /** The value in the table (and in JPQL parameters compared with it). */
    public String column() {
        return column;
    }

    public static LeaseState ofColumn(String value) {
        for (LeaseState state : values()) {
            if (state.column.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown lease state in the database: " + value);
    }
}
