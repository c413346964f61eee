/**
 * The Vault-compatible API under {@code /v1}: Vault's HTTP conventions (one dispatcher servlet, envelope, plain and
 * wrapped errors, the {@code LIST} verb), the GitHub auth method (config, team and user mappings, login and its
 * renewal), the token store (service tokens stored as hashes, sealed batch tokens, root bootstrap), ACL policies in
 * Vault's HCL subset, and encryption at rest. Real Vault clients work against it unchanged.
 * <p>
 * Does not belong here: anything about the workflow exchange's wire format or policy files; HTTP calls to GitHub
 * (they go through {@code github}).
 */
package dev.tokenbroker.vault;
