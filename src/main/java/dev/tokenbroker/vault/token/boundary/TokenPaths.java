package dev.tokenbroker.vault.token.boundary;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.vault.acl.control.Acl;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.token.control.TokenRenewal;
import dev.tokenbroker.vault.token.control.TokenStore;
import dev.tokenbroker.vault.token.control.TokenTtl;
import dev.tokenbroker.vault.token.control.TokenViews;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.control.VaultSettings;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.TokenSpec;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;


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
    PolicyStore policies;

    @Inject
    VaultSettings settings;

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

    /** §5.8. */
    private VaultResponse create(VaultRequest request, Matcher match) {
        TokenInfo parent = request.callerToken();
        boolean orphanPath = match.group(1).equals("create-orphan");
        Fields f = new Fields(request.data());
        if (f.has("id")) {
            throw VaultException.invalid("specifying a token ID is not supported by this server");
        }
        if (f.has("entity_alias")) {
            throw VaultException.invalid("'entity_alias' is only allowed in combination with token role");
        }
        if (parent.batch()) {
            throw VaultException.invalid("batch tokens cannot create more tokens");
        }
        if (parent.numUses() > 0) {
            throw VaultException.invalid("restricted use token cannot generate child tokens");
        }
        boolean sudo = policies.grantsSudo(parent, request.path());
        String type = f.string("type").orElse("service");
        if (type.isEmpty()) {
            type = "service";
        }
        if (!type.equals("service") && !type.equals("batch")) {
            throw VaultException.invalid("invalid 'token_type' value");
        }
        boolean noParent = f.bool("no_parent").orElse(false);
        if (noParent && !sudo) {
            throw VaultException.invalid("root or sudo privileges required to create orphan token");
        }
        boolean noDefault = f.bool("no_default_policy").orElse(false);
        long ttl = f.duration("ttl").or(() -> f.duration("lease")).orElse(0L);
        long explicitMax = f.duration("explicit_max_ttl").orElse(0L);
        long period = f.duration("period").orElse(0L);
        long numUses = f.integer("num_uses").orElse(0L);
        if (numUses < 0) {
            throw VaultException.invalid("number of uses cannot be negative");
        }
        if (period > 0 && !sudo) {
            throw VaultException.invalid("root or sudo privileges required to create periodic token");
        }
        if (type.equals("batch")) {
            for (var entry : Map.of("explicit_max_ttl", explicitMax, "num_uses", numUses, "period", period).entrySet()) {
                if (entry.getValue() != 0) {
                    throw VaultException.invalid("batch tokens cannot have \"" + entry.getKey() + "\" set");
                }
            }
        }
        List<String> requested = f.commaList("policies").orElse(List.of());
        Set<String> names = new TreeSet<>();
        requested.stream().map(p -> p.trim().toLowerCase(java.util.Locale.ROOT)).filter(p -> !p.isEmpty()).forEach(names::add);
        PolicyStore.requireValidNames(names);
        if (!sudo && !parent.root() && !parent.policies().contains("default")) {
            names.remove("default"); // without sudo a child gets no policy its parent lacks, default included
        }
        if (names.isEmpty()) {
            names.addAll(parent.policies());
            if (noDefault) {
                names.remove("default");
            }
        } else {
            if (!sudo && !parent.root() && !parent.policies().containsAll(names.stream().filter(n -> !n.equals("default")).toList())) {
                throw VaultException.invalid("child policies must be subset of parent");
            }
            if (!noDefault && (sudo || parent.policies().contains("default"))) {
                names.add("default");
            }
        }
        for (String reserved : List.of("response-wrapping", "control-group")) {
            if (names.contains(reserved)) {
                throw VaultException.invalid("cannot assign policy \"" + reserved + "\"");
            }
        }
        if (names.contains("root")) {
            if (!parent.root()) {
                throw VaultException.invalid("root tokens may not be created without parent token being root");
            }
            if (type.equals("batch")) {
                throw VaultException.invalid("batch tokens cannot be root tokens");
            }
            names.clear();
            names.add("root");
        }
        Instant now = clock.instant();
        long granted;
        List<String> warnings = new ArrayList<>();
        if (names.contains("root") && ttl == 0 && period == 0 && explicitMax == 0) {
            if (parent.expiring()) {
                throw VaultException.invalid("expiring root tokens cannot create non-expiring root tokens");
            }
            granted = 0;
        } else {
            TokenTtl.Result r = TokenTtl.calculate(settings.defaultTtl(), settings.maxTtl(), ttl, 0, explicitMax, period, 0,
                    now, now);
            granted = r.ttl() == 0 && explicitMax > 0 ? explicitMax : r.ttl();
            warnings.addAll(r.warnings());
        }
        boolean orphan = orphanPath || noParent;
        Map<String, String> meta = f.pairs("meta").orElse(Map.of());
        String display = displayName(f.string("display_name").orElse(""));
        boolean renewable = f.bool("renewable").orElse(true) && granted > 0 && type.equals("service");
        TokenSpec spec = new TokenSpec(type, List.copyOf(names), meta, display, "auth/token/" + match.group(1),
                orphan ? Optional.empty() : Optional.of(parent.hash()), orphan ? "" : parent.entityId(), now, granted,
                explicitMax, period, numUses, renewable, orphan ? List.of() : parent.boundCidrs(), "create",
                Optional.empty(), Optional.empty(), Optional.empty());
        String token = tokens.create(spec);
        // gone already if the parent was revoked right after the child committed (the cascade took it along)
        TokenInfo created = tokens.resolve(token)
                .orElseThrow(() -> VaultException.wrapped(Kind.PERMISSION_DENIED, "permission denied", "invalid token"));
        audit(match.group(1), request, created.accessor());
        for (String name : names) {
            if (!name.equals("root") && !name.equals("default") && !policies.exists(name)) {
                warnings.add("Policy \"" + name + "\" does not exist");
            }
        }
        return VaultResponse.auth(TokenViews.auth(created, token, granted)).warnings(warnings);
    }

    static String displayName(String requested) {
        if (requested.isEmpty()) {
            return "token";
        }
        String cleaned = ("token-" + requested).replaceAll("[^A-Za-z0-9-]", "-");
        return cleaned.endsWith("-") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
    }
}
