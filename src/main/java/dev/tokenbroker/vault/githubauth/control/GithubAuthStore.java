package dev.tokenbroker.vault.githubauth.control;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import dev.tokenbroker.vault.githubauth.entity.GithubAuthConfig;
import dev.tokenbroker.vault.githubauth.entity.GithubIdentity;
import dev.tokenbroker.vault.githubauth.entity.GithubMapEntry;

/** Persistence of the GitHub auth method: its config, team and user mappings, and users' entity ids. */
@ApplicationScoped
public class GithubAuthStore {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Transactional
    public Optional<GithubAuthConfig> config() {
        GithubAuthConfig config = em.find(GithubAuthConfig.class, GithubAuthConfig.ID);
        if (config != null) {
            em.detach(config);
        }
        return Optional.ofNullable(config);
    }

    @Transactional
    public void save(GithubAuthConfig config) {
        em.merge(config);
    }

    /** @param kind {@code teams} or {@code users}; @param key already lower-cased */
    @Transactional
    public Optional<String> mapping(String kind, String key) {
        return Optional.ofNullable(em.find(GithubMapEntry.class, GithubMapEntry.id(kind, key))).map(GithubMapEntry::getRawJson);
    }

    @Transactional
    public void putMapping(String kind, String key, String rawJson) {
        GithubMapEntry entry = em.find(GithubMapEntry.class, GithubMapEntry.id(kind, key));
        if (entry == null) {
            em.persist(new GithubMapEntry(kind, key, rawJson));
        } else {
            entry.setRawJson(rawJson);
        }
    }

    @Transactional
    public void deleteMapping(String kind, String key) {
        GithubMapEntry entry = em.find(GithubMapEntry.class, GithubMapEntry.id(kind, key));
        if (entry != null) {
            em.remove(entry);
        }
    }

    /** Stored keys of one map, ascending. */
    @Transactional
    public List<String> mappingKeys(String kind) {
        return em.createQuery("select e.key from GithubMapEntry e where e.kind = :k order by e.key", String.class)
                .setParameter("k", kind).getResultList();
    }

    /** The entity id of a GitHub user, made on first login and stable afterwards. */
    @Transactional
    public String entityId(long githubUserId, String login) {
        GithubIdentity identity = em.find(GithubIdentity.class, githubUserId);
        if (identity == null) {
            identity = new GithubIdentity(githubUserId, UUID.randomUUID().toString(), login);
            em.persist(identity);
        } else {
            identity.setLogin(login);
        }
        return identity.getEntityId();
    }
}
