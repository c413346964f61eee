package dev.tokenbroker.policy.entity;

import java.util.List;

/** A repository policy ({@code .github/access-token.yaml}), validated once when read. */
public record RepositoryPolicy(String origin, List<Statement> statements) {

    public RepositoryPolicy {
        statements = List.copyOf(statements);
    }
}
