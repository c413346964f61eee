package dev.tokenbroker.exchange.entity;

import java.util.List;
import java.util.Map;

/** What one exchange ended with: a token for the caller, or a 403 with the message the caller may see. */
public sealed interface ExchangeOutcome {

    /**
     * @param permissions  as GitHub granted them, kebab-case
     * @param repositories as GitHub listed them; empty for all repositories
     */
    record Issued(String token, String tokenHash, String expiresAt, Map<String, String> permissions,
                  boolean allRepositories, List<String> repositories, String owner) implements ExchangeOutcome {
        public Issued {
            permissions = Map.copyOf(permissions);
            repositories = List.copyOf(repositories);
        }

        @Override
        public String toString() {
            return "Issued[token=<redacted>, tokenHash=" + tokenHash + ", owner=" + owner + "]";
        }
    }

    record Denied(String message) implements ExchangeOutcome {
    }
}
