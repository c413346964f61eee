package dev.tokenbroker.vault.acl.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.vault.acl.entity.StoredPolicy;
import dev.tokenbroker.vault.logical.control.VaultJson;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;

/**
 * ACL policies by name (vault-api.md §6.6–6.7). Definitions are read from the database on every request, so a
 * policy change applies at once on every node; parsed forms are cached by (name, version) only to skip re-parsing.
 * {@code root} is built in and never stored; {@code default} is created on first start.
 */
@ApplicationScoped
public class PolicyStore {

    private static final Logger LOG = LogLines.logger(PolicyStore.class);

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    private record Parsed(long version, AclPolicyParser.AclPolicy policy) {
    }

    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start, PolicyStore self) {
        try {
            self.ensureDefault();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "another node created the default policy first", e);
        }
    }

    @Transactional
    public void ensureDefault() {
        if (em.find(StoredPolicy.class, "default") == null) {
            em.persist(new StoredPolicy("default", AclPolicyParser.DEFAULT_POLICY));
        }
    }

    /** The names a policy may have (vault-api.md §6.7, broker rule); {@code root} and {@code default} match too. */
    public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    /** @throws VaultException INVALID_REQUEST when a name could not be a policy's (e.g. {@code "x,root"} smuggled in one element) */
    public static void requireValidNames(Collection<String> names) {
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw VaultException.invalid("invalid policy name \"" + name + "\"");
            }
        }
    }

    /** Policies Vault keeps for itself: no token may hold them and nobody may write them (vault-api.md §6.7). */
    public static final Set<String> RESERVED = Set.of("response-wrapping", "control-group");

    /** Lower-cased, trimmed, without empty names, de-duplicated and sorted, as Vault stores a token's policies. */
    public static List<String> normalize(Collection<String> names) {
        Set<String> out = new TreeSet<>();
        for (String name : names) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return new ArrayList<>(out);
    }

    /** @throws VaultException INVALID_REQUEST {@code cannot assign policy "…"} for a reserved policy */
    public static void refuseReserved(Collection<String> names) {
        for (String reserved : new TreeSet<>(RESERVED)) {
            if (names.contains(reserved)) {
                throw VaultException.invalid("cannot assign policy \"" + reserved + "\"");
            }
        }
    }

    /** Whether a token's policies grant {@code sudo} on a path (privileged fields, other owners' leases; §6.4). */
    public boolean grantsSudo(TokenInfo token, String path) {
        return token.root() || acl(token.policies()).capabilities(path, false).contains("sudo");
    }

    /**
     * What these policies allow on each path, as {@code sys/capabilities*} answer it (vault-api.md §6.8): each path
     * with its sorted capabilities ({@code ["deny"]} for none, {@code ["root"]} for root), and {@code capabilities}
     * repeating the list when exactly one path was asked.
     */
    public JsonObject capabilities(List<String> policyNames, List<String> paths) {
        Acl acl = acl(policyNames);
        JsonObjectBuilder data = CachedJson.createObjectBuilder();
        List<String> last = List.of();
        for (String path : paths) {
            last = acl.capabilitiesSelf(path.startsWith("/") ? path.substring(1) : path);
            data.add(path, VaultJson.strings(last));
        }
        if (paths.size() == 1) {
            data.add("capabilities", VaultJson.strings(last));
        }
        return data.build();
    }

    /** The combined ACL of these policy names; {@code root} among them allows everything. */
    @Transactional
    public Acl acl(List<String> names) {
        if (names.contains("root")) {
            return Acl.root();
        }
        List<AclPolicyParser.AclPolicy> policies = new ArrayList<>();
        for (String name : names) {
            StoredPolicy row = em.find(StoredPolicy.class, name);
            if (row == null) {
                continue;
            }
            Parsed cached = parsed.get(name);
            if (cached == null || cached.version() != row.getVersion()) {
                try {
                    cached = new Parsed(row.getVersion(), AclPolicyParser.parse(row.getText()));
                } catch (RuntimeException e) {
                    // fail closed: skipping it would drop its deny rules and let the token's other policies grant more
                    LOG.warning("Stored policy " + name + " no longer parses; requests of tokens holding it are refused: "
                            + e.getMessage());
                    throw dev.tokenbroker.vault.logical.entity.VaultException.failed("policy \"" + name
                            + "\" cannot be parsed; rewrite it with sys/policies/acl");
                }
                parsed.put(name, cached);
            }
            policies.add(cached.policy());
        }
        return Acl.of(policies);
    }

    @Transactional
    public boolean exists(String name) {
        return em.find(StoredPolicy.class, name) != null;
    }

    @Transactional
    public Optional<String> text(String name) {
        return Optional.ofNullable(em.find(StoredPolicy.class, name)).map(StoredPolicy::getText);
    }

    /** Stored names in ascending order. */
    @Transactional
    public List<String> names() {
        return em.createQuery("select p.name from StoredPolicy p order by p.name", String.class).getResultList();
    }

    @Transactional
    public void write(String name, String text) {
        StoredPolicy row = em.find(StoredPolicy.class, name);
        if (row == null) {
            em.persist(new StoredPolicy(name, text));
        } else {
            row.setText(text);
        }
    }

    @Transactional
    public void delete(String name) {
        StoredPolicy row = em.find(StoredPolicy.class, name);
        if (row != null) {
            em.remove(row);
        }
        parsed.remove(name);
    }
}
