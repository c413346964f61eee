package dev.tokenbroker.policy.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One grant of a policy file: when any pattern matches any effective subject, these permissions (kebab-case scope
 * to level) are granted. Patterns are stored after load-time rewriting ({@code ${origin}}, legacy forms).
 */
public record Statement(List<String> patterns, Map<String, Level> permissions) {

    public Statement {
        patterns = List.copyOf(patterns);
        permissions = Collections.unmodifiableMap(new LinkedHashMap<>(permissions));
    }
}
