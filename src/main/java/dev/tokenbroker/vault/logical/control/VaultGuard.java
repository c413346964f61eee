package dev.tokenbroker.vault.logical.control;

import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultRoute;

/**
 * Checks an authenticated request before its handler runs (vault-api.md §1.3): the token, its bound CIDRs and uses,
 * then the ACL. Throws a {@link dev.tokenbroker.vault.logical.entity.VaultException} on refusal.
 */
public interface VaultGuard {

    /** @return the request as the handler should see it (a write may become a create) */
    VaultRequest admit(VaultRequest request, VaultRoute route, java.util.regex.Matcher match);

    /** After the handler succeeded: e.g. revoke a token whose last allowed use this was. */
    void completed(VaultRequest request);
}
