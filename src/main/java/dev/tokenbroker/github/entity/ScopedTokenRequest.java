package dev.tokenbroker.github.entity;

import java.util.List;
import java.util.Map;

/**
 * A mint as the Vault secrets engine asks for it (vault-api.md §7.2): each member may be empty, and an empty member
 * is left out of the request, so GitHub applies the installation's own limit for it. Who may leave what out is
 * decided by ACL policies before this is built.
 *
 * @param permissions snake_case name to level
 */
public record ScopedTokenRequest(List<String> repositories, List<Long> repositoryIds, Map<String, String> permissions) {

    public ScopedTokenRequest {
        repositories = List.copyOf(repositories);
        repositoryIds = List.copyOf(repositoryIds);
        permissions = Map.copyOf(permissions);
    }
}
