package dev.tokenbroker.vault.jwtauth.control;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import dev.tokenbroker.vault.jwtauth.entity.JwtAuthConfig;
import dev.tokenbroker.vault.jwtauth.entity.JwtRole;

/** Persistence of the JWT mounts' configs and roles; what it returns is detached. */
@ApplicationScoped
public class JwtAuthStore {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Transactional
    public Optional<JwtAuthConfig> config(String mount) {
        return Optional.ofNullable(detached(em.find(JwtAuthConfig.class, mount)));
    }

    /** Stores {@code config} in place of the mount's config, if it has one. */
    @Transactional
    public void replace(JwtAuthConfig config) {
        JwtAuthConfig stored = em.find(JwtAuthConfig.class, config.getMount());
        if (stored == null) {
            em.persist(config);
        } else {
            stored.replaceWith(config);
        }
    }

    @Transactional
    public Optional<JwtRole> role(String mount, String name) {
        return Optional.ofNullable(detached(em.find(JwtRole.class, JwtRole.key(mount, name))));
    }

    @Transactional
    public void save(JwtRole role) {
        em.merge(role);
    }

    @Transactional
    public void delete(String mount, String name) {
        JwtRole role = em.find(JwtRole.class, JwtRole.key(mount, name));
        if (role != null) {
            em.remove(role);
        }
    }

    /** The mount's role names, sorted. */
    @Transactional
    public List<String> roleNames(String mount) {
        return em.createQuery("select r.name from JwtRole r where r.mount = :mount order by r.name", String.class)
                .setParameter("mount", mount).getResultList();
    }

    private <T> T detached(T entity) {
        if (entity != null) {
            em.detach(entity);
        }
        return entity;
    }
}
