package dev.tokenbroker.vault.githubsecrets.control;

import java.io.StringReader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.githubsecrets.entity.StoredPermissionSet;

/** The secrets engine's permission sets (vault-api.md §7.4), read from the database on every use. */
@ApplicationScoped
public class PermissionSetStore {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Transactional
    public Optional<GithubTokenFields> find(String name) {
        return Optional.ofNullable(em.find(StoredPermissionSet.class, name)).map(PermissionSetStore::fields);
    }

    @Transactional
    public boolean exists(String name) {
        return em.find(StoredPermissionSet.class, name) != null;
    }

    /**
     * Writes a set with the plugin's merge: {@code installation_id} and {@code org_name} are always replaced (absent
     * means cleared); the lists and permissions keep their stored value when the request leaves them out.
     */
    @Transactional
    public void write(String name, GithubTokenFields given, boolean repositoriesGiven, boolean idsGiven,
                      boolean permissionsGiven) {
        StoredPermissionSet row = em.find(StoredPermissionSet.class, name);
        if (row == null) {
            row = new StoredPermissionSet(name);
            em.persist(row);
        }
        row.setInstallationId(given.installationId());
        row.setOrgName(given.orgName());
        if (repositoriesGiven) {
            row.setRepositories(joined(given.repositories()));
        }
        if (idsGiven) {
            row.setRepositoryIds(joined(given.repositoryIds()));
        }
        if (permissionsGiven) {
            row.setPermissionsJson(given.permissionsJson().toString());
        }
    }

    @Transactional
    public void delete(String name) {
        StoredPermissionSet row = em.find(StoredPermissionSet.class, name);
        if (row != null) {
            em.remove(row);
        }
    }

    @Transactional
    public List<String> names() {
        return em.createQuery("select s.name from StoredPermissionSet s order by s.name", String.class).getResultList();
    }

    private static GithubTokenFields fields(StoredPermissionSet row) {
        Map<String, String> permissions = new LinkedHashMap<>();
        CachedJson.createReader(new StringReader(row.getPermissionsJson())).readObject()
                .forEach((k, v) -> permissions.put(k, ((JsonString) v).getString()));
        List<Long> ids = split(row.getRepositoryIds()).stream().map(Long::valueOf).toList();
        return new GithubTokenFields(row.getInstallationId(), row.getOrgName(), split(row.getRepositories()), ids,
                permissions);
    }

    private static String joined(List<?> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static List<String> split(String comma) {
        return comma == null || comma.isEmpty() ? List.of() : Arrays.asList(comma.split(","));
    }
}
