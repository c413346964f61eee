package dev.tokenbroker.policy.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.policy.entity.InvalidPolicyException;
import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.RepositoryPolicy;
import dev.tokenbroker.policy.entity.Scope;
import dev.tokenbroker.policy.entity.Statement;

/**
 * The one way policy files become {@link OwnerPolicy} and {@link RepositoryPolicy} values (actions-exchange.md §5).
 * The top level is strict: anything wrong there makes the whole file invalid, with details for its author. Entries
 * are lenient, as in the peer: an unusable subject, permission or statement is dropped, logged at INFO with the
 * file and its YAML path, and the rest of the file stays in force.
 */
public final class PolicyParser {

    public static final int MAX_PATTERN_LENGTH = 512;

    private static final Logger LOG = LogLines.logger(PolicyParser.class);
    private static final Set<String> OWNER_KEYS = Set.of("origin", "allowed-subjects", "allowed-repository-permissions", "statements");
    private static final Set<String> REPOSITORY_KEYS = Set.of("origin", "statements");
    private static final Set<String> STATEMENT_KEYS = Set.of("subjects", "permissions");
    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}/[A-Za-z0-9._-]{1,100}");

    /**
     * Hears of each entry the lenient parse drops: the YAML path ({@code statements[0].permissions.contents}), why, and
     * the value dropped (a key's value, or the entry).
     */
    public interface DropListener {
        void dropped(String file, String path, String why, Object value);
    }

    /** The exchange's listener: a line at INFO naming the file and the path. */
    public static final DropListener LOG_DROPS = (file, path, why, value) ->
            LOG.info(() -> "Ignored " + path + " in " + file + ": " + why);

    private final PermissionCatalog catalog;
    private final DropListener drops;

    public PolicyParser(PermissionCatalog catalog) {
        this(catalog, LOG_DROPS);
    }

    public PolicyParser(PermissionCatalog catalog, DropListener drops) {
        this.catalog = catalog;
        this.drops = drops;
    }

    public PermissionCatalog catalog() {
        return catalog;
    }

    /** Parses {@code <owner>/.github-access-token}'s policy. */
    public OwnerPolicy parseOwnerPolicy(String text, String owner, String file) {
        String location = owner + "/.github-access-token";
        Map<String, Object> top = topLevel(text, OWNER_KEYS);
        String origin = origin(top, location);
        Optional<List<String>> allowedSubjects = Optional.empty();
        if (top.containsKey("allowed-subjects")) {
            List<Object> entries = list(top.get("allowed-subjects"), "allowed-subjects");
            List<String> subjects = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                subject(entries.get(i), file, "allowed-subjects[" + i + "]").ifPresent(subjects::add);
            }
            allowedSubjects = Optional.of(subjects);
        }
        Map<String, Level> ceiling = new LinkedHashMap<>();
        if (top.containsKey("allowed-repository-permissions")) {
            if (!(top.get("allowed-repository-permissions") instanceof Map<?, ?> map)) {
                throw new InvalidPolicyException("'allowed-repository-permissions' must be a map of scope to level");
            }
            ceiling = permissions(map, true, file, "allowed-repository-permissions");
        }
        List<Statement> statements = statements(top, false, location, file);
        return new OwnerPolicy(origin, allowedSubjects, ceiling, statements);
    }

    /** Parses the policy of repository {@code owner/repository}. */
    public RepositoryPolicy parseRepositoryPolicy(String text, String owner, String repository, String file) {
        String location = owner + "/" + repository;
        Map<String, Object> top = topLevel(text, REPOSITORY_KEYS);
        String origin = origin(top, location);
        return new RepositoryPolicy(origin, statements(top, true, location, file));
    }

    private static Map<String, Object> topLevel(String text, Set<String> allowedKeys) {
        Object tree = PolicyYaml.load(text);
        if (!(tree instanceof Map<?, ?> map)) {
            throw new InvalidPolicyException("The policy must be a map with the key 'origin'");
        }
        List<String> unknown = new ArrayList<>();
        Map<String, Object> top = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!allowedKeys.contains(k)) {
                unknown.add("Unrecognized key: \"" + printable(k) + "\"");
            }
            top.put((String) k, v);
        });
        if (!unknown.isEmpty()) {
            throw new InvalidPolicyException(unknown);
        }
        return top;
    }

    private static String origin(Map<String, Object> top, String location) {
        Object origin = top.get("origin");
        if (origin == null) {
            throw new InvalidPolicyException("Missing key 'origin'; it must name this repository, '" + location + "'");
        }
        if (!(origin instanceof String text) || !ORIGIN.matcher(text).matches()) {
            throw new InvalidPolicyException("Policy origin '" + printable(origin) + "' is not OWNER/NAME");
        }
        if (!text.equalsIgnoreCase(location)) {
            throw new InvalidPolicyException("Policy origin '" + text + "' does not match repository '" + location + "'");
        }
        return text;
    }

    private List<Statement> statements(Map<String, Object> top, boolean repositoryPolicy, String location, String file) {
        if (!top.containsKey("statements")) {
            return List.of();
        }
        List<Object> entries = list(top.get("statements"), "statements");
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "statements[" + i + "]";
            statement(entries.get(i), repositoryPolicy, location, file, path).ifPresent(statements::add);
        }
        return statements;
    }

    private Optional<Statement> statement(Object entry, boolean repositoryPolicy, String location, String file, String path) {
        if (!(entry instanceof Map<?, ?> map)) {
            return dropped(file, path, "a statement must be a map with 'subjects' and 'permissions'", entry);
        }
        for (Object key : map.keySet()) {
            if (!STATEMENT_KEYS.contains(key)) {
                return dropped(file, path, "unknown key '" + printable(key) + "' in a statement", key);
            }
        }
        if (!(map.get("subjects") instanceof List<?> subjects)) {
            return dropped(file, path, "'subjects' must be a list", map.get("subjects"));
        }
        if (!(map.get("permissions") instanceof Map<?, ?> permissions)) {
            return dropped(file, path, "'permissions' must be a map of scope to level", map.get("permissions"));
        }
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            subject(subjects.get(i), file, path + ".subjects[" + i + "]")
                    .ifPresent(p -> patterns.addAll(PatternRewriter.effectivePatterns(p, location)));
        }
        return Optional.of(new Statement(patterns.stream().distinct().toList(),
                permissions(permissions, repositoryPolicy, file, path + ".permissions")));
    }

    private Optional<String> subject(Object entry, String file, String path) {
        if (!(entry instanceof String text)) {
            return dropped(file, path, "a subject must be a string", entry);
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_PATTERN_LENGTH) {
            return dropped(file, path, "a subject is longer than " + MAX_PATTERN_LENGTH + " characters", entry);
        }
        return Optional.of(trimmed);
    }

    /** Keeps the valid entries of a permission map; {@code repositoryOnly} also drops owner-level scopes. */
    private Map<String, Level> permissions(Map<?, ?> map, boolean repositoryOnly, String file, String path) {
        Map<String, Level> out = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String at = path + "." + printable(key);
            Optional<Scope> scope = catalog.find(String.valueOf(key));
            Optional<Level> level = value instanceof String s ? Level.parse(s) : Optional.empty();
            if (scope.isEmpty()) {
                dropped(file, at, "unknown scope", key);
            } else if (repositoryOnly && !scope.get().repository()) {
                dropped(file, at, "'" + scope.get().name() + "' is not a repository scope", key);
            } else if (level.isEmpty() || !scope.get().levels().contains(level.get())) {
                dropped(file, at, "level must be one of " + scope.get().levelList(), value);
            } else if (out.containsKey(scope.get().name())) {
                dropped(file, at, "'" + scope.get().name() + "' is given twice", key);
            } else {
                out.put(scope.get().name(), level.get());
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String key) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new InvalidPolicyException("'" + key + "' must be a list");
    }

    private <T> Optional<T> dropped(String file, String path, String why, Object value) {
        drops.dropped(file, path, why, value);
        return Optional.empty();
    }

    static String printable(Object value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
