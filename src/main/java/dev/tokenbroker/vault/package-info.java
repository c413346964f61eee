/**
 * The Vault-compatible API under {@code /v1}, split by feature after Vault's own layout. Each sub-package has
 * {@code boundary} (its paths), {@code control} (its rules and stores) and {@code entity} (its rows and values), and
 * depends only on the ones listed before it:
 * <ol>
 * <li>{@code logical}: what every path handler is written against (request, response, route, the typed error,
 *     field reading, the token as a request carries it, the {@code broker.vault.*} settings);</li>
 * <li>{@code crypto}: keys, sealing and hashing of secrets at rest;</li>
 * <li>{@code acl}: ACL policies (HCL/JSON parser, store, the {@code Acl} value) and {@code sys/policy};</li>
 * <li>{@code lease}: leases of minted GitHub tokens and their revocation;</li>
 * <li>{@code token}: the token store, the guard every request passes, TTLs, the one path that issues tokens for every
 *     auth method, renewal, the root bootstrap, the reaper, and {@code auth/token};</li>
 * <li>{@code githubauth}: the GitHub auth method, {@code auth/github};</li>
 * <li>{@code jwtauth}: the JWT auth method for GitHub Actions and other OIDC tokens, {@code auth/jwt} and further mounts;</li>
 * <li>{@code githubsecrets}: the GitHub secrets engine, {@code github/};</li>
 * <li>{@code sys}: the node itself: health, start-up checks, {@code sys/leases};</li>
 * <li>{@code http}: the servlet, the router, input bounds and the one map from errors to statuses.</li>
 * </ol>
 * {@code VaultPackagesTest} keeps this order. Does not belong here: the workflow exchange, policy files, and HTTP
 * calls to GitHub (they go through {@code github}).
 */
package dev.tokenbroker.vault;
