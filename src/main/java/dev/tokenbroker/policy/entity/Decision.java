package dev.tokenbroker.policy.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of evaluating one exchange. Nothing is minted without a {@link Granted}. */
public sealed interface Decision {

    /** The effective subjects the decision was made on, in derivation order. */
    List<String> subjects();

    /**
     * Exactly what to mint.
     *
     * @param owner        the installation account's login
     * @param repositories empty when {@code allRepositories}
     */
    record Granted(long installationId, String owner, boolean allRepositories, List<String> repositories,
                   Map<String, Level> permissions, List<String> subjects) implements Decision {
        public Granted {
            repositories = List.copyOf(repositories);
            permissions = Collections.unmodifiableMap(new LinkedHashMap<>(permissions));
            subjects = List.copyOf(subjects);
        }
    }

    /**
     * @param message the full 403 message for the caller (actions-exchange.md §8.3), already filtered for what this
     *                caller may learn
     * @param reason  a short, non-revealing reason for the audit trail, e.g. {@code owner policy not found}
     */
    record Denied(String message, String reason, List<String> subjects) implements Decision {
        public Denied {
            subjects = List.copyOf(subjects);
        }
    }
}
