package dev.tokenbroker.github.entity;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to ask GitHub for when minting an installation token: exactly these permissions (snake_case name to level)
 * on exactly these repositories. An empty {@code permissions} map is refused here, because GitHub's reading of
 * {@code "permissions": {}} is undocumented and may mean "everything". {@code repositories} absent means every
 * repository of the installation, which only an explicit decision may ask for; present, it must not be empty.
 */
public record TokenRequest(Optional<List<String>> repositories, Map<String, String> permissions) {

    public TokenRequest {
        Objects.requireNonNull(repositories, "repositories");
        permissions = Map.copyOf(permissions);
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("a token request must name at least one permission");
        }
        repositories = repositories.map(List::copyOf);
        if (repositories.isPresent() && repositories.get().isEmpty()) {
            throw new IllegalArgumentException("a token request for selected repositories must name at least one");
        }
    }

    public static TokenRequest forRepositories(List<String> repositories, Map<String, String> permissions) {
        return new TokenRequest(Optional.of(repositories), permissions);
    }

    public static TokenRequest forAllRepositories(Map<String, String> permissions) {
        return new TokenRequest(Optional.empty(), permissions);
    }
}
