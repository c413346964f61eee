/**
 * What every part of the Vault API is written against, after Vault's {@code sdk/logical}: the request a path handler
 * gets ({@link dev.tokenbroker.vault.logical.entity.VaultRequest}), the response it gives, the typed error it throws
 * ({@link dev.tokenbroker.vault.logical.entity.VaultException}), its route, reading its fields in Vault's loose typing,
 * Vault's duration grammar, the token a request carries ({@code TokenInfo}) and the {@code broker.vault.*} settings.
 * <p>
 * Depends on no other part of {@code vault}. Does not belong here: HTTP statuses (the error map in {@code http}),
 * storage, anything specific to one path.
 */
package dev.tokenbroker.vault.logical;
