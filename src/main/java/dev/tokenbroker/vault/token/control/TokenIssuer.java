package dev.tokenbroker.vault.token.control;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultSettings;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.TokenType;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.token.entity.LoginAuth;
import dev.tokenbroker.vault.token.entity.TokenSpec;

/**
 * The one path that makes tokens: for every auth method's login (Vault's core login path) and for
 * {@code auth/token/create} (vault-api.md §4.5, §5.8). Each call is one transaction, so what a login writes (its
 * entity alias, its token) commits together or not at all.
 */
@ApplicationScoped
public class TokenIssuer {

    /** A token just made: the string (shown once), what it is, the TTL granted and the warnings to show. */
    public record Issued(String token, TokenInfo info, long ttl, List<String> warnings) {
        public Issued {
            warnings = List.copyOf(warnings);
        }

        /** Never the token. */
        @Override
        public String toString() {
            return "Issued[" + info + ", ttl=" + ttl + "]";
        }
    }

    /** The source of a token an auth method's login made; renewal asks that method again (TokenRenewal). */
    public static final String FROM_LOGIN = "login";

    @Inject
    Metrics metrics;
    /** The source of a token {@code auth/token/create} made. */
    public static final String FROM_CREATE = "create";

    @Inject
    TokenStore tokens;

    @Inject
    PolicyStore policies;

    @Inject
    VaultSettings settings;

    @Inject
    Clock clock;

    /** A login's token: the method's policies plus {@code default}, never root or a reserved policy. */
    @Transactional
    public Issued login(LoginAuth auth) {
        List<String> names = PolicyStore.normalize(auth.policies());
        if (names.contains("root")) {
            throw VaultException.invalid("auth methods cannot create root tokens");
        }
        PolicyStore.refuseReserved(names);
        if (!auth.noDefaultPolicy() && !names.contains("default")) {
            names.add("default");
            names = PolicyStore.normalize(names);
        }
        Instant now = clock.instant();
        TokenTtl.Result ttl = TokenTtl.calculate(settings.defaultTtl(), settings.maxTtl(), auth.ttls().ttl(),
                auth.ttls().maxTtl(), auth.explicitMaxTtl(), auth.ttls().period(), 0, now, now);
        boolean batch = auth.type() == TokenType.BATCH;
        TokenSpec.LoginData kept = batch // a batch token cannot be renewed, so it keeps no personal token
                ? new TokenSpec.LoginData(auth.loginData().mappedPolicies(), Optional.empty(), auth.loginData().githubUserId())
                : auth.loginData();
        TokenSpec spec = TokenSpec.builder(auth.type(), auth.path(), FROM_LOGIN, now).policies(names).meta(auth.metadata())
                .displayName(auth.displayName()).entityId(auth.entityId()).ttl(ttl.ttl())
                .explicitMaxTtl(auth.explicitMaxTtl()).period(auth.ttls().period()).numUses(auth.numUses())
                .renewable(!batch).boundCidrs(auth.boundCidrs()).login(kept).build();
        return store(spec, ttl.ttl(), ttl.warnings());
    }

    /**
     * {@code auth/token/create} and {@code create-orphan} (vault-api.md §5.8): a child of {@code parent}, or an orphan,
     * with at most the parent's policies unless the parent holds {@code sudo} on the path.
     *
     * @param fields     the request's body
     * @param sudo       whether the parent has sudo on the path
     * @param orphanPath whether the path itself makes orphans ({@code create-orphan})
     */
    @Transactional
    public Issued createChild(TokenInfo parent, Fields fields, boolean sudo, String path, boolean orphanPath) {
        if (fields.has("id")) {
            throw VaultException.invalid("specifying a token ID is not supported by this server");
        }
        if (!fields.string("entity_alias").orElse("").isEmpty()) { // Terraform's provider sends it empty
            throw VaultException.invalid("'entity_alias' is only allowed in combination with token role");
        }
        if (parent.batch()) {
            throw VaultException.invalid("batch tokens cannot create more tokens");
        }
        if (parent.numUses() > 0) {
            throw VaultException.invalid("restricted use token cannot generate child tokens");
        }
        String typeName = fields.string("type").orElse("");
        TokenType type = typeName.isEmpty() ? TokenType.SERVICE
                : TokenType.ofWire(typeName).orElseThrow(() -> VaultException.invalid("invalid 'token_type' value"));
        boolean noParent = fields.bool("no_parent").orElse(false);
        if (noParent && !sudo) {
            throw VaultException.invalid("root or sudo privileges required to create orphan token");
        }
        boolean noDefault = fields.bool("no_default_policy").orElse(false);
        long ttl = fields.duration("ttl").or(() -> fields.duration("lease")).orElse(0L);
        long explicitMax = fields.duration("explicit_max_ttl").orElse(0L);
        long period = fields.duration("period").orElse(0L);
        long numUses = fields.integer("num_uses").orElse(0L);
        if (numUses < 0) {
            throw VaultException.invalid("number of uses cannot be negative");
        }
        if (period > 0 && !sudo) {
            throw VaultException.invalid("root or sudo privileges required to create periodic token");
        }
        if (type == TokenType.BATCH) {
            for (var entry : Map.of("explicit_max_ttl", explicitMax, "num_uses", numUses, "period", period).entrySet()) {
                if (entry.getValue() != 0) {
                    throw VaultException.invalid("batch tokens cannot have \"" + entry.getKey() + "\" set");
                }
            }
        }
        Set<String> names = childPolicies(parent, fields.commaList("policies").orElse(List.of()), sudo, noDefault);
        if (names.contains("root")) {
            if (!parent.root()) {
                throw VaultException.invalid("root tokens may not be created without parent token being root");
            }
            if (type == TokenType.BATCH) {
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
        TokenSpec spec = TokenSpec.builder(type, path, FROM_CREATE, now).policies(List.copyOf(names))
                .meta(fields.pairs("meta").orElse(Map.of())).displayName(displayName(fields.string("display_name").orElse("")))
                .parent(orphan ? Optional.empty() : Optional.of(parent.hash())).entityId(orphan ? "" : parent.entityId())
                .ttl(granted).explicitMaxTtl(explicitMax).period(period).numUses(numUses)
                .renewable(fields.bool("renewable").orElse(true) && granted > 0 && type == TokenType.SERVICE)
                .boundCidrs(orphan ? List.of() : parent.boundCidrs()).build();
        for (String name : names) {
            if (!name.equals("root") && !name.equals("default") && !policies.exists(name)) {
                warnings.add("Policy \"" + name + "\" does not exist");
            }
        }
        return store(spec, granted, warnings);
    }

    /** Without sudo, a child gets no policy its parent lacks, {@code default} included; none asked means the parent's. */
    private static Set<String> childPolicies(TokenInfo parent, List<String> requested, boolean sudo, boolean noDefault) {
        Set<String> names = new TreeSet<>(PolicyStore.normalize(requested));
        PolicyStore.requireValidNames(names);
        boolean privileged = sudo || parent.root();
        if (!privileged && !parent.policies().contains("default")) {
            names.remove("default");
        }
        if (names.isEmpty()) {
            names.addAll(parent.policies());
            if (noDefault) {
                names.remove("default");
            }
        } else {
            if (!privileged && !parent.policies().containsAll(names.stream().filter(n -> !n.equals("default")).toList())) {
                throw VaultException.invalid("child policies must be subset of parent");
            }
            if (!noDefault && (sudo || parent.policies().contains("default"))) {
                names.add("default");
            }
        }
        PolicyStore.refuseReserved(names);
        return names;
    }

    private Issued store(TokenSpec spec, long ttl, List<String> warnings) {
        String token = tokens.create(spec);
        metrics.tokenCreated(spec.source(), spec.type().name().toLowerCase(Locale.ROOT));
        // read back in the same transaction; a revoked parent refused a service child already (TokenStore.create), so
        // this is empty only for a batch child whose parent went meanwhile
        TokenInfo issued = tokens.resolve(token)
                .orElseThrow(() -> VaultException.wrapped(Kind.PERMISSION_DENIED, "permission denied", "invalid token"));
        return new Issued(token, issued, ttl, warnings);
    }

    /** Vault's {@code token-} prefix, with anything but letters, digits and dashes made a dash. */
    static String displayName(String requested) {
        if (requested.isEmpty()) {
            return "token";
        }
        String cleaned = ("token-" + requested).replaceAll("[^A-Za-z0-9-]", "-");
        return cleaned.endsWith("-") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
    }
}
