/**
 * Secrets at rest: the encryption keys ({@code broker.vault.encryption-key} and its predecessors), sealing of
 * batch tokens and of stored personal and minted GitHub tokens, token hashes and accessors, the audit HMAC.
 * <p>
 * Does not belong here: what is stored (each feature's own store), checking the key against other nodes ({@code sys}).
 */
package dev.tokenbroker.vault.crypto;
