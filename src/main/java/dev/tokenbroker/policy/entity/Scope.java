package dev.tokenbroker.policy.entity;

import java.util.List;
import java.util.Set;

/**
 * One permission of the catalog.
 *
 * @param name        kebab-case, as the exchange's clients and our messages write it ({@code pull-requests})
 * @param repository  true for repository scopes; false for owner-level ones (organization, account, enterprise),
 *                    which only owner statements can grant
 * @param levels      the levels GitHub accepts for it
 * @param sources     which catalogs list it: {@code openapi}, {@code peer}
 */
public record Scope(String name, boolean repository, Set<Level> levels, List<String> sources) {

    public Scope {
        levels = Set.copyOf(levels);
        sources = List.copyOf(sources);
    }

    /** GitHub's snake_case name ({@code pull_requests}). */
    public String gitHubName() {
        return name.replace('-', '_');
    }

    /** The levels in order, comma-separated, for messages ({@code read, write}). */
    public String levelList() {
        return String.join(", ", levels.stream().sorted().map(Level::wire).toList());
    }
}
