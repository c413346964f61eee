package dev.tokenbroker.vault.acl.entity;

/**
 * A policy text outside the accepted HCL subset (vault-api.md §6.1). The message is the complete client-facing text,
 * always starting with {@code failed to parse policy: }, so the policy API can answer 400 (plain) with it unchanged.
 */
public class AclPolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AclPolicyException(String detail) {
        super("failed to parse policy: " + detail);
    }
}
