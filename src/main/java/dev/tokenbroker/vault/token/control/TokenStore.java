package dev.tokenbroker.vault.token.control;

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.EpochMicros;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.vault.crypto.control.Secrets;
import dev.tokenbroker.vault.crypto.control.VaultKeys;
import dev.tokenbroker.vault.lease.control.LeaseStore;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.TokenType;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.token.entity.BootstrapMarker;
import dev.tokenbroker.vault.token.entity.StoredToken;
import dev.tokenbroker.vault.token.entity.TokenSpec;

/**
 * The token store (vault-api.md §5): service tokens persisted by SHA-256 only, batch tokens sealed and kept nowhere.
 * Every read goes to the database, so a token revoked on one node is refused by all at once.
 */
@ApplicationScoped
public class TokenStore {

    public static final int MAX_BATCH_CHARS = 4096;
    private static final Logger LOG = LogLines.logger(TokenStore.class);

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    VaultKeys keys;

    @Inject
    Clock clock;

    @Inject
    LeaseStore leases;

    /** The token behind a presented string, if it is valid now. */
    @Transactional
    public Optional<TokenInfo> resolve(String presented) {
        if (presented.startsWith("hvs.")) {
            StoredToken row = em.find(StoredToken.class, Secrets.hash(presented));
            return Optional.ofNullable(row).filter(r -> r.getNumUses() >= 0).map(r -> view(r, presented)).filter(this::alive);
        }
        if (presented.startsWith("hvb.")) {
            try {
                return Optional.of(batchView(presented, keys.secrets().openBatch(presented))).filter(this::alive)
                        .filter(t -> t.parentHash().map(parent -> em.find(StoredToken.class, parent) != null).orElse(true));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Transactional
    public Optional<TokenInfo> byAccessor(String accessor) {
        List<StoredToken> rows = em.createQuery("select t from StoredToken t where t.accessor = :a", StoredToken.class)
                .setParameter("a", accessor).getResultList();
        return rows.stream().findFirst().filter(r -> r.getNumUses() >= 0).map(r -> view(r, "")).filter(this::alive);
    }

    /** Creates a token and returns its string, which exists nowhere else afterwards. */
    @Transactional
    public String create(TokenSpec spec) {
        if (spec.type() == TokenType.BATCH) {
            String token = keys.secrets().sealBatch(batchPayload(spec));
            if (token.length() > MAX_BATCH_CHARS) {
                throw VaultException.invalid("batch token would exceed 4096 characters; reduce policies or metadata");
            }
            return token;
        }
        if (spec.parentHash().isPresent()
                && em.find(StoredToken.class, spec.parentHash().get(), LockModeType.PESSIMISTIC_WRITE) == null) {
            // revoked since the request was admitted (on this node or another): a child must not outlive it
            throw VaultException.wrapped(Kind.PERMISSION_DENIED, "permission denied", "invalid token");
        }
        String token = Secrets.newServiceToken();
        StoredToken row = new StoredToken();
        row.setTokenHash(Secrets.hash(token));
        row.setAccessor(Secrets.newAccessor());
        fill(row, spec);
        spec.login().flatMap(TokenSpec.LoginData::pat)
                .ifPresent(pat -> row.setEncryptedPat(keys.secrets().encrypt(Secrets.PAT, pat, row.getTokenHash())));
        em.persist(row);
        return token;
    }

    /** Inserts a token whose string the caller keeps (the configured root token), identified by its hash. */
    @Transactional
    public void createWithHash(String tokenHash, TokenSpec spec) {
        StoredToken row = new StoredToken();
        row.setTokenHash(tokenHash);
        row.setAccessor(Secrets.newAccessor());
        fill(row, spec);
        em.persist(row);
    }

    /** Whether a one-time marker (or a tombstone) exists. */
    @Transactional
    public boolean marked(String key) {
        return em.find(BootstrapMarker.class, key) != null;
    }

    /** The keys of all markers that start with this prefix. */
    @Transactional
    public List<String> markersStartingWith(String prefix) {
        return em.createQuery("select m.markerKey from BootstrapMarker m where m.markerKey like :prefix", String.class)
                .setParameter("prefix", prefix.replace("%", "").replace("_", "") + "%").getResultList().stream()
                .filter(k -> k.startsWith(prefix)).toList();
    }

    /** Records a marker unless it exists. */
    @Transactional
    public void mark(String key) {
        if (em.find(BootstrapMarker.class, key) == null) {
            em.persist(new BootstrapMarker(key, clock.instant()));
        }
    }

    /**
     * Creates the generated root token together with its one-time marker, in one transaction: when several nodes
     * start at once, only the one whose commit succeeds gets a token. @return the token, or empty if already done
     */
    @Transactional
    public Optional<String> createOnce(String marker, TokenSpec spec) {
        if (em.find(BootstrapMarker.class, marker) != null) {
            return Optional.empty();
        }
        em.persist(new BootstrapMarker(marker, clock.instant()));
        String token = Secrets.newServiceToken();
        StoredToken row = new StoredToken();
        row.setTokenHash(Secrets.hash(token));
        row.setAccessor(Secrets.newAccessor());
        fill(row, spec);
        em.persist(row);
        em.flush();
        return Optional.of(token);
    }

    @Transactional
    public boolean exists(String tokenHash) {
        return em.find(StoredToken.class, tokenHash) != null;
    }

    /** Token hashes created from a source, e.g. every {@code config-root} token. */
    @Transactional
    public List<String> hashesBySource(String source) {
        return em.createQuery("select t.tokenHash from StoredToken t where t.source = :s", String.class)
                .setParameter("s", source).getResultList();
    }

    /**
     * Counts one use of a limited-use token, in one conditional update. The last use marks the token exhausted
     * ({@code num_uses = -1}) in the same update, so from that commit on no node accepts it, even if the request
     * fails before the token is revoked. @return the uses left after this one, or -1 when none was left
     */
    @Transactional
    public long consumeUse(String tokenHash) {
        int updated = em.createQuery("update StoredToken t set t.numUses = t.numUses - 1 where t.tokenHash = :h and t.numUses > 1")
                .setParameter("h", tokenHash).executeUpdate();
        if (updated == 1) {
            StoredToken row = em.find(StoredToken.class, tokenHash);
            em.refresh(row);
            return row.getNumUses();
        }
        int last = em.createQuery("update StoredToken t set t.numUses = -1 where t.tokenHash = :h and t.numUses = 1")
                .setParameter("h", tokenHash).executeUpdate();
        return last == 1 ? 0 : -1;
    }

    /**
     * Revokes a token and, recursively, its non-orphan descendants, and marks every lease they own for revocation at
     * GitHub (vault-api.md §5.9), in one transaction; the revoker calls GitHub after the commit. @return how many
     * tokens were removed
     */
    @Transactional
    public int revoke(String tokenHash) {
        int removed = 0;
        List<String> pending = new ArrayList<>(List.of(tokenHash));
        while (!pending.isEmpty()) {
            String hash = pending.remove(pending.size() - 1);
            // Lock the row before listing its children: a child being created holds this lock until it commits
            // (then it is listed here), or finds the row gone after this revocation commits (then it is refused).
            StoredToken row = em.find(StoredToken.class, hash, LockModeType.PESSIMISTIC_WRITE);
            pending.addAll(em.createQuery("select t.tokenHash from StoredToken t where t.parentHash = :p", String.class)
                    .setParameter("p", hash).getResultList());
            if (row != null) {
                remove(row);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.fine(() -> "revoked token " + tokenHash.substring(0, 8) + " and its children");
        }
        return removed;
    }

    /**
     * Revokes one token and makes its children orphans instead of revoking them ({@code auth/token/revoke-orphan},
     * vault-api.md §5.9); the token's own leases are revoked as usual. One transaction, with the row locked so that a
     * child being created now either commits first (and is made an orphan) or finds its parent gone.
     */
    @Transactional
    public void revokeOrphaningChildren(String tokenHash) {
        StoredToken row = em.find(StoredToken.class, tokenHash, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return;
        }
        // one bulk update, version raised: a child renewed at this moment conflicts with neither writer's lock
        em.createQuery("update StoredToken t set t.parentHash = null, t.orphan = true, t.version = t.version + 1 "
                + "where t.parentHash = :p").setParameter("p", tokenHash).executeUpdate();
        remove(row);
    }

    /**
     * Deletes one locked token row and marks its leases for revocation; a configured root token leaves a tombstone, so
     * it is never created again from the same configuration.
     */
    private void remove(StoredToken row) {
        String hash = row.getTokenHash();
        if (RootTokenBootstrap.CONFIG_ROOT.equals(row.getSource())
                && em.find(BootstrapMarker.class, RootTokenBootstrap.TOMBSTONE + hash) == null) {
            em.persist(new BootstrapMarker(RootTokenBootstrap.TOMBSTONE + hash, clock.instant()));
        }
        em.remove(row);
        leases.revokeOwnedBy(hash);
    }

    /** Saves a renewal. */
    @Transactional
    public void renewed(String tokenHash, Instant expireTime, Instant at) {
        StoredToken row = em.find(StoredToken.class, tokenHash);
        if (row != null) {
            row.setExpireTime(expireTime);
            row.setLastRenewal(at);
        }
    }

    /**
     * The accessors of every live service token (batch tokens have none), sorted, for {@code LIST
     * auth/token/accessors}; expired and used-up tokens the reaper has not removed yet are left out.
     */
    @Transactional
    public List<String> accessors() {
        return em.createQuery("select t.accessor from StoredToken t where (t.expireTime is null or t.expireTime > :now) "
                + "and t.numUses >= 0 order by t.accessor", String.class)
                .setParameter("now", EpochMicros.of(clock.instant())).getResultList();
    }

    /** Live service tokens (not expired, not used up) by how they were made, for the metrics; batch tokens are stored nowhere. */
    @Transactional
    public Map<String, Long> liveCountsBySource() {
        Map<String, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery("select t.source, count(t) from StoredToken t where (t.expireTime is null "
                + "or t.expireTime > :now) and t.numUses >= 0 group by t.source", Object[].class)
                .setParameter("now", EpochMicros.of(clock.instant())).setHint("jakarta.persistence.query.timeout", 2000)
                .getResultList()) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** Hashes of expired or used-up service tokens, oldest first, for the reaper to revoke one by one. */
    @Transactional
    public List<String> expiredHashes(int limit) {
        return em.createQuery("select t.tokenHash from StoredToken t where (t.expireTime is not null "
                + "and t.expireTime <= :now) or t.numUses < 0 order by t.issueTime", String.class)
                .setParameter("now", EpochMicros.of(clock.instant())).setMaxResults(limit).getResultList();
    }

    private boolean alive(TokenInfo token) {
        return token.expireTime().map(clock.instant()::isBefore).orElse(true);
    }

    private static void fill(StoredToken row, TokenSpec spec) {
        row.setPolicies(String.join(",", spec.policies()));
        row.setMappedPolicies(spec.login().map(l -> String.join(",", l.mappedPolicies())).orElse(null));
        row.setMetaJson(metaJson(spec.meta()));
        row.setDisplayName(spec.displayName());
        row.setPath(spec.path());
        row.setParentHash(spec.parentHash().orElse(null));
        row.setEntityId(spec.entityId());
        row.setIssueTime(spec.issueTime());
        row.setExpireTime(spec.ttl() > 0 ? spec.issueTime().plusSeconds(spec.ttl()) : null);
        row.setCreationTtl(spec.ttl());
        row.setExplicitMaxTtl(spec.explicitMaxTtl());
        row.setPeriod(spec.period());
        row.setNumUses(spec.numUses());
        row.setRenewable(spec.renewable());
        row.setOrphan(spec.parentHash().isEmpty());
        row.setBoundCidrs(String.join(",", spec.boundCidrs()));
        row.setSource(spec.source());
        row.setGithubUserId(spec.login().map(TokenSpec.LoginData::githubUserId).orElse(null));
    }

    private static TokenInfo view(StoredToken r, String presented) {
        return TokenInfo.builder(TokenType.SERVICE, r.getIssueTime()).presented(presented).hash(r.getTokenHash())
                .accessor(r.getAccessor()).policies(list(r.getPolicies())).meta(meta(r.getMetaJson()))
                .displayName(r.getDisplayName()).path(r.getPath()).parentHash(Optional.ofNullable(r.getParentHash()))
                .entityId(r.getEntityId() == null ? "" : r.getEntityId())
                .expireTime(Optional.ofNullable(r.getExpireTime())).lastRenewal(Optional.ofNullable(r.getLastRenewal()))
                .creationTtl(r.getCreationTtl()).explicitMaxTtl(r.getExplicitMaxTtl()).period(r.getPeriod())
                .numUses(r.getNumUses()).renewable(r.isRenewable()).orphan(r.isOrphan()).boundCidrs(list(r.getBoundCidrs())).source(r.getSource())
                .mappedPolicies(Optional.ofNullable(r.getMappedPolicies()).map(TokenStore::list))
                .encryptedPat(Optional.ofNullable(r.getEncryptedPat())).build();
    }

    private static String batchPayload(TokenSpec spec) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("policies", strings(spec.policies()))
                .add("iat", spec.issueTime().getEpochSecond())
                .add("exp", spec.issueTime().plusSeconds(spec.ttl()).getEpochSecond())
                .add("ttl", spec.ttl())
                .add("display_name", spec.displayName())
                .add("meta", CachedJson.createReader(new StringReader(metaJson(spec.meta()))).readObject())
                .add("entity_id", spec.entityId())
                .add("path", spec.path())
                .add("bound_cidrs", strings(spec.boundCidrs()))
                .add("id", Secrets.randomBase62("", 22));
        spec.parentHash().ifPresent(p -> o.add("parent", p));
        return o.build().toString();
    }

    private static TokenInfo batchView(String presented, String payload) {
        JsonObject o = CachedJson.createReader(new StringReader(payload)).readObject();
        List<String> policies = o.getJsonArray("policies").getValuesAs(JsonString::getString);
        Map<String, String> meta = new LinkedHashMap<>();
        o.getJsonObject("meta").forEach((k, v) -> meta.put(k, ((JsonString) v).getString()));
        Optional<String> parent = o.containsKey("parent") ? Optional.of(o.getString("parent")) : Optional.empty();
        return TokenInfo.builder(TokenType.BATCH, Instant.ofEpochSecond(o.getJsonNumber("iat").longValue()))
                .presented(presented).policies(policies).meta(meta).displayName(o.getString("display_name"))
                .path(o.getString("path")).parentHash(parent).entityId(o.getString("entity_id"))
                .expireTime(Optional.of(Instant.ofEpochSecond(o.getJsonNumber("exp").longValue())))
                .creationTtl(o.getJsonNumber("ttl").longValue()).orphan(parent.isEmpty())
                .boundCidrs(o.getJsonArray("bound_cidrs").getValuesAs(JsonString::getString)).source("batch").build();
    }

    static List<String> list(String comma) {
        return comma == null || comma.isEmpty() ? List.of() : Arrays.asList(comma.split(","));
    }

    static String metaJson(Map<String, String> meta) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder();
        meta.forEach(o::add);
        return o.build().toString();
    }

    private static Map<String, String> meta(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json != null && !json.isBlank()) {
            CachedJson.createReader(new StringReader(json)).readObject().forEach((k, v) ->
                    out.put(k, v.getValueType() == JsonValue.ValueType.STRING ? ((JsonString) v).getString() : v.toString()));
        }
        return out;
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder a = CachedJson.createArrayBuilder();
        values.forEach(a::add);
        return a;
    }
}
