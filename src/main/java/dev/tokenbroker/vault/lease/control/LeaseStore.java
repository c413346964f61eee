package dev.tokenbroker.vault.lease.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import dev.tokenbroker.platform.control.EpochMicros;
import dev.tokenbroker.vault.crypto.control.Secrets;
import dev.tokenbroker.vault.crypto.control.VaultKeys;
import dev.tokenbroker.vault.lease.entity.LeaseInfo;
import dev.tokenbroker.vault.lease.entity.LeaseState;
import dev.tokenbroker.vault.lease.entity.LeasesPending;
import dev.tokenbroker.vault.lease.entity.StoredLease;

/**
 * The secrets engine's leases (vault-api.md §7.6–7.7) in the database. Every state change is a conditional update
 * or a single-row transaction, so several nodes can share the table: a node {@linkplain #claim claims} a pending
 * lease before it calls GitHub, and only the node whose claim succeeded calls.
 */
@ApplicationScoped
public class LeaseStore {

    /** How long a claim keeps other nodes off a lease: longer than one GitHub call with its timeouts. */
    static final Duration CLAIM = Duration.ofMinutes(2);
    /** Attempts before a lease is given up as irrevocable (Vault's limit, {@code vault/expiration.go}). */
    public static final int MAX_ATTEMPTS = 6;

    /** Leases by state, for the metrics. */
    @Transactional
    public Map<LeaseState, Long> countsByState() {
        Map<LeaseState, Long> counts = new EnumMap<>(LeaseState.class);
        for (Object[] row : em.createQuery("select l.state, count(l) from StoredLease l group by l.state", Object[].class)
                .setHint("jakarta.persistence.query.timeout", 2000).getResultList()) {
            counts.put(LeaseState.ofColumn((String) row[0]), ((Number) row[1]).longValue());
        }
        return counts;
    }

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    VaultKeys keys;

    @Inject
    Clock clock;

    @Inject
    Event<LeasesPending> pending;

    /** A lease claimed for one revocation attempt, with its token decrypted. The token is a secret. */
    public record Claimed(String leaseId, String token, int attempts) {
        @Override
        public String toString() {
            return "Claimed[" + leaseId + ", attempts=" + attempts + "]";
        }
    }

    @Transactional
    public void create(StoredLease lease, String token) {
        lease.setEncryptedToken(keys.secrets().encrypt(Secrets.LEASE, token, lease.getLeaseId()));
        em.persist(lease);
    }

    @Transactional
    public Optional<LeaseInfo> find(String leaseId) {
        return Optional.ofNullable(em.find(StoredLease.class, leaseId)).map(LeaseStore::view);
    }

    /** Marks every active lease the token owns for revocation (part of revoking the token). @return how many */
    @Transactional
    public int revokeOwnedBy(String ownerHash) {
        int marked = em.createQuery("update StoredLease l set l.state = :pending, l.nextAttempt = :now "
                        + "where l.ownerHash = :owner and l.state = :active")
                .setParameter("pending", LeaseState.REVOKE_PENDING.column()).setParameter("now", EpochMicros.of(clock.instant()))
                .setParameter("owner", ownerHash).setParameter("active", LeaseState.ACTIVE.column()).executeUpdate();
        if (marked > 0) {
            pending.fire(new LeasesPending(marked));
        }
        return marked;
    }

    /**
     * Marks one lease for revocation now, unless it is already pending or irrevocable, with a conditional update (so
     * concurrent requests for the same lease do not conflict). @return whether the lease exists
     */
    @Transactional
    public boolean markForRevocation(String leaseId) {
        em.createQuery("update StoredLease l set l.state = :pending, l.nextAttempt = :now where l.leaseId = :id "
                        + "and l.state = :active")
                .setParameter("pending", LeaseState.REVOKE_PENDING.column()).setParameter("now", EpochMicros.of(clock.instant()))
                .setParameter("id", leaseId).setParameter("active", LeaseState.ACTIVE.column()).executeUpdate();
        return em.find(StoredLease.class, leaseId) != null;
    }

    /**
     * Active leases past their end: those GitHub has already expired are deleted without a call; the others (a lease
     * capped by a batch token's end) become pending. Every lease, irrevocable ones too, is deleted once GitHub's
     * expiry passes: the token is dead, so no call is needed.
     * @return how many were marked pending
     */
    @Transactional
    public int expire() {
        Instant now = clock.instant();
        em.createQuery("delete from StoredLease l where l.githubExpiresAt <= :now").setParameter("now", EpochMicros.of(now)).executeUpdate();
        int marked = em.createQuery("update StoredLease l set l.state = :pending, l.nextAttempt = :now "
                        + "where l.state = :active and l.expireTime <= :now")
                .setParameter("pending", LeaseState.REVOKE_PENDING.column()).setParameter("now", EpochMicros.of(now))
                .setParameter("active", LeaseState.ACTIVE.column()).executeUpdate();
        if (marked > 0) {
            pending.fire(new LeasesPending(marked));
        }
        return marked;
    }

    /** Pending leases whose next attempt is due and that no node holds. */
    @Transactional
    public List<String> due(int limit) {
        Instant now = clock.instant();
        return em.createQuery("select l.leaseId from StoredLease l where l.state = :pending and l.nextAttempt <= :now "
                        + "and (l.claimedUntil is null or l.claimedUntil < :now) order by l.nextAttempt", String.class)
                .setParameter("pending", LeaseState.REVOKE_PENDING.column()).setParameter("now", EpochMicros.of(now)).setMaxResults(limit)
                .getResultList();
    }

    /**
     * Takes a due pending lease for one attempt with a conditional update: of several nodes trying at once, exactly
     * one succeeds. A lease whose GitHub token has expired meanwhile is simply deleted. @return empty if not taken
     */
    @Transactional
    public Optional<Claimed> claim(String leaseId) {
        Instant now = clock.instant();
        int taken = em.createQuery("update StoredLease l set l.claimedUntil = :until where l.leaseId = :id "
                        + "and l.state = :pending and l.nextAttempt <= :now and (l.claimedUntil is null or l.claimedUntil < :now)")
                .setParameter("until", EpochMicros.of(now.plus(CLAIM))).setParameter("id", leaseId)
                .setParameter("pending", LeaseState.REVOKE_PENDING.column()).setParameter("now", EpochMicros.of(now)).executeUpdate();
        if (taken == 0) {
            return Optional.empty();
        }
        StoredLease lease = em.find(StoredLease.class, leaseId);
        em.refresh(lease);
        if (!lease.getGithubExpiresAt().isAfter(now) || lease.getEncryptedToken() == null) {
            em.remove(lease);
            return Optional.empty();
        }
        String token = keys.secrets().decrypt(Secrets.LEASE, lease.getEncryptedToken(), leaseId);
        return Optional.of(new Claimed(leaseId, token, lease.getAttempts()));
    }

    /** GitHub confirmed the revocation: the lease and its secret are gone. */
    @Transactional
    public void revoked(String leaseId) {
        StoredLease lease = em.find(StoredLease.class, leaseId);
        if (lease != null) {
            em.remove(lease);
        }
    }

    /**
     * An attempt failed: the next one waits {@code backoff × 2^(attempts−1)}; after {@link #MAX_ATTEMPTS} the lease
     * is irrevocable and its secret is wiped (GitHub ends the token at its own expiry). @return the new state
     */
    @Transactional
    public Optional<LeaseState> failed(String leaseId, String error, Duration backoff) {
        StoredLease lease = em.find(StoredLease.class, leaseId);
        if (lease == null) {
            return Optional.empty();
        }
        int attempts = lease.getAttempts() + 1;
        lease.setAttempts(attempts);
        lease.setLastError(error.length() > 1000 ? error.substring(0, 1000) : error);
        lease.setClaimedUntil(null);
        Optional<Instant> next = nextAttempt(attempts, backoff, clock.instant());
        lease.setNextAttempt(next.orElse(null));
        if (next.isEmpty()) {
            lease.setState(LeaseState.IRREVOCABLE);
            lease.setEncryptedToken(null);
        }
        return Optional.of(lease.getState());
    }

    /**
     * When to try again after the {@code failed}-th failed attempt: {@code backoff × 2^(failed−1)} from now, or
     * never once {@link #MAX_ATTEMPTS} attempts have failed.
     */
    static Optional<Instant> nextAttempt(int failed, Duration backoff, Instant now) {
        return failed >= MAX_ATTEMPTS ? Optional.empty() : Optional.of(now.plus(backoff.multipliedBy(1L << (failed - 1))));
    }

    /** The next path element below {@code prefix} of every lease id under it, sorted (§7.6 prefix listing). */
    @Transactional
    public List<String> keysUnder(String prefix) {
        List<String> ids = em.createQuery("select l.leaseId from StoredLease l where substring(l.leaseId, 1, :n) = :p",
                        String.class).setParameter("n", prefix.length()).setParameter("p", prefix).getResultList();
        TreeSet<String> keys = new TreeSet<>();
        for (String id : ids) {
            if (!id.startsWith(prefix) || id.length() == prefix.length()) {
                continue;
            }
            String rest = id.substring(prefix.length());
            int slash = rest.indexOf('/');
            keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
        }
        return List.copyOf(keys);
    }

    private static LeaseInfo view(StoredLease l) {
        return new LeaseInfo(l.getLeaseId(), Optional.ofNullable(l.getOwnerHash()), l.getRequesterHash(), l.getIssueTime(),
                l.getExpireTime(), l.getGithubExpiresAt(), l.getState());
    }
}
