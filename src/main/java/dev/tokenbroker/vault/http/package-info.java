/**
 * Vault's HTTP conventions (vault-api.md §1): the one dispatcher servlet for {@code /v1}, the router, the envelope,
 * input bounds checked before any database or GitHub work, and the one map from error kinds to statuses and
 * Vault's messages.
 * <p>
 * Does not belong here: what any path does (each feature's {@code boundary}).
 */
package dev.tokenbroker.vault.http;
