/**
 * Leases of minted GitHub tokens (vault-api.md §7.5–7.7): the store, expiry, and revocation at GitHub with retries
 * and back-off, claimed so exactly one node revokes each.
 * <p>
 * Does not belong here: minting ({@code githubsecrets}), the {@code sys/leases} paths ({@code sys}), tokens.
 */
package dev.tokenbroker.vault.lease;
