package dev.tokenbroker.vault.sys.control;

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
