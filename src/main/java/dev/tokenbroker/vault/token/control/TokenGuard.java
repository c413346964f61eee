package dev.tokenbroker.vault.token.control;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.Cidr;
import dev.tokenbroker.vault.acl.control.Acl;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.logical.control.VaultGuard;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultRoute;

/**
 * The checks before every authenticated Vault request (vault-api.md §1.3), in order: a token is present; it resolves
 * (unknown, expired, revoked or altered tokens get 403); an expiring token's bound CIDRs contain the client; one use
 * is counted (the last one marks the token used up at once); the ACL allows the operation on the path with these parameters. A write to an absent target of a
 * route with an existence check is a <em>create</em>.
 */
@ApplicationScoped
public class TokenGuard implements VaultGuard {

    /** The token whose last allowed use the current request is; revoked after the request. */
    @RequestScoped
    public static class LastUse {
        private String tokenHash;
    }

    @Inject
    TokenStore tokens;

    @Inject
    PolicyStore policies;

    @Inject
    LastUse lastUse;

    @Override
    public VaultRequest admit(VaultRequest request, VaultRoute route, Matcher match) {
        String presented = request.token().orElseThrow(VaultException::permissionDenied);
        TokenInfo token = tokens.resolve(presented)
                .orElseThrow(() -> VaultException.wrapped(Kind.PERMISSION_DENIED, "permission denied", "invalid token"));
        if (token.expiring() && !Cidr.admits(token.boundCidrs(), request.clientAddress())) {
            throw VaultException.permissionDenied();
        }
        if (token.numUses() > 0) { // counted before the ACL check (§1.3): a denied request is a use too
            long left = tokens.consumeUse(token.hash());
            if (left < 0) {
                throw VaultException.wrapped(Kind.PERMISSION_DENIED, "permission denied", "invalid token");
            }
            if (left == 0) {
                lastUse.tokenHash = token.hash();
            }
            token = token.withUsesLeft(left);
        }
        Operation operation = request.operation();
        if (operation == Operation.UPDATE && route.existence() != null && !route.existence().exists(request, match)) {
            operation = Operation.CREATE;
        }
        if (!token.root() && !route.traits().contains(VaultRoute.Trait.OWN_ACL_CHECK)) {
            Acl acl = policies.acl(token.policies());
            Map<String, List<String>> parameters = route.parameters() == null ? Acl.canonical(request.data())
                    : route.parameters().apply(request.data());
            boolean allowed = allows(acl, route, request.path(), operation, parameters);
            if (allowed && route.lowercaseKey()) {
                allowed = allows(acl, route, request.path().toLowerCase(Locale.ROOT), operation, parameters);
            }
            if (!allowed) {
                throw VaultException.permissionDenied();
            }
        }
        return request.withOperation(operation).withCaller(token);
    }

    /** The capability of the operation; on routes that accept either, {@code create} or {@code update} (§6.4). */
    private static boolean allows(Acl acl, VaultRoute route, String path, Operation operation,
                                  Map<String, List<String>> parameters) {
        boolean allowed = acl.allows(path, operation.capability(), parameters, route.sudo());
        if (!allowed && route.createOrUpdate() && (operation == Operation.UPDATE || operation == Operation.CREATE)) {
            Operation other = operation == Operation.UPDATE ? Operation.CREATE : Operation.UPDATE;
            allowed = acl.allows(path, other.capability(), parameters, route.sudo());
        }
        return allowed;
    }

    @Override
    public void completed(VaultRequest request) {
        if (lastUse.tokenHash != null) {
            tokens.revoke(lastUse.tokenHash);
            lastUse.tokenHash = null;
        }
    }
}
