/**
 * Vault's JWT auth method ({@code role_type} {@code jwt}), so workflows log in to the Vault API with their GitHub
 * Actions OIDC token as {@code hashicorp/vault-action} does: {@code auth/<mount>/config}, {@code auth/<mount>/role/<name>}
 * and its list, {@code auth/<mount>/login}, at the mounts {@code broker.vault.jwt-auth.mounts} names ({@code jwt}).
 * Tokens it issues are ordinary broker tokens, made by the token package's issuing path.
 * <ul>
 * <li>{@code entity}: the per-mount config and the roles, as stored.</li>
 * <li>{@code control}: the mounts, the key sources, the JWT's verification and Vault's claim rules (pure), the
 * login and its renewal, the store.</li>
 * <li>{@code boundary}: the routes.</li>
 * </ul>
 */
package dev.tokenbroker.vault.jwtauth;
