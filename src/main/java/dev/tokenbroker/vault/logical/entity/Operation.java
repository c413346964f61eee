package dev.tokenbroker.vault.logical.entity;

/** What a request asks for, after the HTTP method is read (vault-api.md §1.2). */
public enum Operation {
    READ, LIST, UPDATE, CREATE, DELETE;

    /** The ACL capability the operation needs (create and update are told apart by existence checks). */
    public String capability() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
