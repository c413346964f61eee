/**
 * The token store (vault-api.md §5): service tokens kept as hashes, sealed batch tokens, the guard every request
 * passes (resolution, bound CIDRs, uses, ACL), TTL arithmetic, the one issuing path every auth method's login goes
 * through, renewal, the root token bootstrap, the reaper, and the {@code auth/token} paths.
 * <p>
 * Does not belong here: how an auth method verifies who logs in ({@code githubauth}), HTTP statuses ({@code http}).
 */
package dev.tokenbroker.vault.token;
