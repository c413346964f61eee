package dev.tokenbroker.vault.logical.entity;

import java.util.Optional;

/** Vault's two token types (vault-api.md §5.1): stored service tokens and self-contained, sealed batch tokens. */
public enum TokenType {
    SERVICE("service"),
    BATCH("batch");

    private final String wire;

    TokenType(String wire) {
        this.wire = wire;
    }

    /** The name Vault's API uses. */
    public String wire() {
        return wire;
    }

    /** {@code service} or {@code batch}; anything else is not a token type. */
    public static Optional<TokenType> ofWire(String name) {
        for (TokenType type : values()) {
            if (type.wire.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
