package dev.tokenbroker.vault.token.boundary;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.vault.acl.control.Acl;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.token.control.TokenIssuer;
import dev.tokenbroker.vault.token.control.TokenRenewal;
import dev.tokenbroker.vault.token.control.TokenStore;
import dev.tokenbroker.vault.token.control.TokenViews;

/** {@code auth/token/*}: lookup, renew, revoke and create (vault-api.md §5.5–5.8). */
@ApplicationScoped
public class TokenPaths implements VaultPaths {

    private static final String MOUNT = "token";
    private static final Set<Operation> WRITE = Set.of(Operation.UPDATE);

    @Inject
    TokenStore tokens;

    @Inject
    TokenRenewal renewal;

    @Inject
    TokenIssuer issuer;

    @Inject
    PolicyStore policies;

    @Inject
    Clock clock;

    @Inject
    dev.tokenbroker.audit.control.AuditLog audit;

    private void audit(String operation, VaultRequest request, String subjectAccessor) {
        audit.record("vault.token", Map.of("operation", operation, "accessor", subjectAccessor,
                "caller", request.caller().map(TokenInfo::accessor).orElse(""), "client", request.clientAddress()));
    }

    @Override
    public List<VaultRoute> routes() {
        return List.of(
                VaultRoute.of("auth/token/lookup-self", MOUNT, Set.of(Operation.READ, Operation.UPDATE), this::lookupSelf),
                VaultRoute.of("auth/token/lookup", MOUNT, Set.of(Operation.READ, Operation.UPDATE), this::lookup),
                VaultRoute.of("auth/token/lookup-accessor", MOUNT, WRITE, this::lookupAccessor),
                VaultRoute.of("auth/token/renew-self", MOUNT, WRITE, this::renewSelf),
                VaultRoute.of("auth/token/renew", MOUNT, WRITE, this::renew),
                VaultRoute.of("auth/token/renew-accessor", MOUNT, WRITE, this::renewAccessor),
                VaultRoute.of("auth/token/revoke-self", MOUNT, WRITE, this::revokeSelf),
                VaultRoute.of("auth/token/revoke", MOUNT, WRITE, this::revoke),
                VaultRoute.of("auth/token/revoke-accessor", MOUNT, WRITE, this::revokeAccessor),
                VaultRoute.of("auth/token/revoke-orphan", MOUNT, WRITE, this::revokeOrphan),
                VaultRoute.of("auth/token/accessors", MOUNT, Set.of(Operation.LIST),
                        (r, m) -> VaultResponse.keys(tokens.accessors())).requiringSudo(),
                VaultRoute.of("auth/token/(create|create-orphan)", MOUNT, WRITE, this::create)
                        .withParameters(data -> Acl.canonical(data, Set.of("policies"))));
    }

    private VaultResponse lookupSelf(VaultRequest request, Matcher match) {
        TokenInfo caller = request.callerToken();
        return VaultResponse.data(TokenViews.lookup(caller, caller.presented(), clock.instant()));
    }

    private VaultResponse lookup(VaultRequest request, Matcher match) {
        if (request.operation() == Operation.READ && request.data().containsKey("token")) {
            throw VaultException.invalid("token must be sent in the request body, not the URL");
        }
        String token = new Fields(request.data()).string("token").orElse("");
        if (token.isEmpty()) {
            return lookupSelf(request, match);
        }
        TokenInfo found = tokens.resolve(token).orElseThrow(() -> VaultException.plain(Kind.PERMISSION_DENIED, "bad token"));
        return VaultResponse.data(TokenViews.lookup(found, token, clock.instant()));
    }

    private VaultResponse lookupAccessor(VaultRequest request, Matcher match) {
        TokenInfo found = byAccessor(request);
        return VaultResponse.data(TokenViews.lookup(found, "", clock.instant()));
    }

    private VaultResponse renewSelf(VaultRequest request, Matcher match) {
        TokenInfo caller = request.callerToken();
        return renewal.renew(caller, increment(request), request.clientAddress(), caller.presented());
    }

    private VaultResponse renew(VaultRequest request, Matcher match) {
        String token = new Fields(request.data()).string("token").orElse("");
        if (token.isEmpty()) {
            throw VaultException.invalid("missing token ID");
        }
        TokenInfo found = tokens.resolve(token).orElseThrow(() -> VaultException.invalid("token not found"));
        return renewal.renew(found, increment(request), request.clientAddress(), token);
    }

    private VaultResponse renewAccessor(VaultRequest request, Matcher match) {
        return renewal.renew(byAccessor(request), increment(request), request.clientAddress(), "");
    }

    private VaultResponse revokeSelf(VaultRequest request, Matcher match) {
        TokenInfo caller = request.callerToken();
        if (caller.batch()) {
            throw VaultException.invalid("batch tokens cannot be revoked");
        }
        tokens.revoke(caller.hash());
        audit("revoke-self", request, caller.accessor());
        return VaultResponse.noContent();
    }

    private VaultResponse revoke(VaultRequest request, Matcher match) {
        String token = new Fields(request.data()).string("token").orElse("");
        if (token.isEmpty()) {
            throw VaultException.invalid("missing token ID");
        }
        if (token.startsWith("hvb.")) {
            throw VaultException.invalid("batch tokens cannot be revoked");
        }
        tokens.resolve(token).ifPresent(t -> {
            tokens.revoke(t.hash());
            audit("revoke", request, t.accessor());
        });
        return VaultResponse.noContent();
    }

    /**
     * §5.9: the token goes, its children stay as orphans. Vault's handler checks root or sudo itself (its root-path
     * rule does not cover the body form), and answers what is missing with a 400, as here.
     */
    private VaultResponse revokeOrphan(VaultRequest request, Matcher match) {
        if (!policies.grantsSudo(request.callerToken(), request.path())) {
            throw VaultException.invalid("root or sudo privileges required to revoke and orphan");
        }
        String token = new Fields(request.data()).string("token").orElse("");
        if (token.isEmpty()) {
            throw VaultException.invalid("missing token ID");
        }
        if (token.startsWith("hvb.")) {
            throw VaultException.invalid("batch tokens cannot be revoked");
        }
        TokenInfo found = tokens.resolve(token).orElseThrow(() -> VaultException.invalid("token to revoke not found"));
        tokens.revokeOrphaningChildren(found.hash());
        audit("revoke-orphan", request, found.accessor());
        return VaultResponse.noContent();
    }

    private VaultResponse revokeAccessor(VaultRequest request, Matcher match) {
        String accessor = new Fields(request.data()).string("accessor").orElse("");
        if (accessor.isEmpty()) {
            throw VaultException.wrapped(Kind.INVALID_REQUEST, "missing accessor");
        }
        Optional<TokenInfo> found = tokens.byAccessor(accessor);
        if (found.isEmpty()) {
            return VaultResponse.data(null).warning("No token found with this accessor");
        }
        tokens.revoke(found.get().hash());
        audit("revoke-accessor", request, accessor);
        return VaultResponse.noContent();
    }

    private TokenInfo byAccessor(VaultRequest request) {
        String accessor = new Fields(request.data()).string("accessor").orElse("");
        if (accessor.isEmpty()) {
            throw VaultException.wrapped(Kind.INVALID_REQUEST, "missing accessor");
        }
        return tokens.byAccessor(accessor).orElseThrow(() -> VaultException.wrapped(Kind.INVALID_REQUEST, "invalid accessor"));
    }

    private static long increment(VaultRequest request) {
        return new Fields(request.data()).duration("increment").orElse(0L);
    }

    /** §5.8: the rules are {@link TokenIssuer#createChild}'s. */
    private VaultResponse create(VaultRequest request, Matcher match) {
        TokenInfo parent = request.callerToken();
        TokenIssuer.Issued issued = issuer.createChild(parent, new Fields(request.data()),
                policies.grantsSudo(parent, request.path()), "auth/token/" + match.group(1), match.group(1).equals("create-orphan"));
        audit(match.group(1), request, issued.info().accessor());
        return VaultResponse.auth(TokenViews.auth(issued.info(), issued.token(), issued.ttl())).warnings(issued.warnings());
    }
}
