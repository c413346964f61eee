package dev.tokenbroker.github.entity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An installation token as GitHub issued it, with what GitHub says it grants. The token is a secret:
 * {@link #toString()} leaves it out. Tokens have no fixed length (GitHub is rolling out longer, stateless ones).
 *
 * @param repositories the names GitHub lists in the response, empty when the token covers all repositories
 */
public record InstallationToken(String token, Instant expiresAt, Map<String, String> permissions,
                                String repositorySelection, List<String> repositories) {

    public InstallationToken {
        permissions = Map.copyOf(permissions);
        repositories = List.copyOf(repositories);
    }

    @Override
    public String toString() {
        return "InstallationToken[token=<redacted>, expiresAt=" + expiresAt + ", permissions=" + permissions
                + ", repositorySelection=" + repositorySelection + ", repositories=" + repositories + "]";
    }
}
