/**
 * The GitHub secrets engine, {@code github/} (vault-api.md §7): permission sets, minting installation tokens for
 * token holders, and the leases that revoke them.
 * <p>
 * Does not belong here: lease bookkeeping ({@code lease}), HTTP calls ({@code github}).
 */
package dev.tokenbroker.vault.githubsecrets;
