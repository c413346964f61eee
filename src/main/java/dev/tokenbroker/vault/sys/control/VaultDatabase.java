package dev.tokenbroker.vault.sys.control;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import dev.tokenbroker.platform.control.LogLines;

/** Whether the Vault API's database answers, for {@code sys/health} (vault-api.md §1.8). */
@ApplicationScoped
public class VaultDatabase {

    private static final Logger LOG = LogLines.logger(VaultDatabase.class);

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    /**
     * How long one cheap query takes, a connection from the server's pool included (empty when it fails), for the
     * metrics: a slow answer means an exhausted pool or a slow database. Failures are left to the health check to log.
     */
    @Transactional
    public Optional<Duration> probe() {
        long start = System.nanoTime();
        try {
            em.createQuery("select count(p) from StoredPolicy p").setHint("jakarta.persistence.query.timeout", 2000)
                    .getSingleResult();
            return Optional.of(Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the database probe failed", e);
            return Optional.empty();
        }
    }

    /** One cheap query; any failure means the database cannot be used right now. */
    @Transactional
    public boolean reachable() {
        try {
            em.createQuery("select count(p) from StoredPolicy p").setHint("jakarta.persistence.query.timeout", 2000)
                    .getSingleResult();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the Vault API's database does not answer", e);
            return false;
        }
    }
}
