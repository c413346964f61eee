package dev.tokenbroker.vault.githubsecrets.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.Scope;
import dev.tokenbroker.vault.acl.control.Acl;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;

/**
 * The fields of a {@code github/token} mint and a permission-set write (vault-api.md §7.2), parsed strictly: unknown
 * fields are refused, and every permission must be a known GitHub permission at a level it has, before GitHub is
 * asked. Also gives the ACL its canonical values typed by this schema (§6.5), so a policy's
 * {@code allowed_parameters} hold however a client writes the values.
 *
 * @param installationId 0 when absent
 * @param orgName        empty when absent
 * @param permissions    GitHub's snake_case name to level, in the order given
 */
public record GithubTokenFields(long installationId, String orgName, List<String> repositories, List<Long> repositoryIds,
                                Map<String, String> permissions) {

    public static final Set<String> NAMES = Set.of("installation_id", "org_name", "repositories", "repository_ids",
            "permissions");
    private static final Pattern PERMISSION_NAME = Pattern.compile("[a-z_]+");
    private static final PermissionCatalog CATALOG = PermissionCatalog.standard();

    public GithubTokenFields {
        repositories = List.copyOf(repositories);
        repositoryIds = List.copyOf(repositoryIds);
        permissions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(permissions));
    }

    /** Nothing asked for: used by {@code github/token/:set}, which takes no fields. */
    public static final GithubTokenFields NONE = new GithubTokenFields(0, "", List.of(), List.of(), Map.of());

    /**
     * @throws VaultException 400 for an unknown field, an unconvertible value or an invalid or unknown permission
     */
    public static GithubTokenFields parse(Map<String, JsonValue> data) {
        rejectUnknown(data, NAMES);
        Fields f = new Fields(data);
        List<String> repositories = f.commaList("repositories").orElse(List.of()).stream().filter(r -> !r.isEmpty()).toList();
        List<Long> ids = f.commaIntegers("repository_ids").orElse(List.of());
        long installationId = f.integer("installation_id").orElse(0L);
        if (installationId < 0 || ids.stream().anyMatch(id -> id <= 0)) {
            throw VaultException.invalid("installation and repository ids are positive numbers");
        }
        return new GithubTokenFields(installationId, f.string("org_name").orElse("").trim(),
                repositories, ids, permissions(data.get("permissions")));
    }

    /** INVALID_REQUEST (wrapped) {@code unknown field: a} or {@code unknown fields: a, b} (sorted). */
    public static void rejectUnknown(Map<String, JsonValue> data, Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (String name : data.keySet()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (unknown.size() == 1) {
            throw VaultException.wrapped(Kind.INVALID_REQUEST, "unknown field: " + unknown.iterator().next());
        }
        if (!unknown.isEmpty()) {
            throw VaultException.wrapped(Kind.INVALID_REQUEST, "unknown fields: " + String.join(", ", unknown));
        }
    }

    /** Whether the request names where to mint. */
    public boolean namesInstallation() {
        return installationId != 0 || !orgName.isEmpty();
    }

    /**
     * The ACL's canonical values (§6.5) for this schema: {@code installation_id} in decimal, {@code repositories} and
     * {@code repository_ids} element by element (a string is split on commas), {@code permissions} as
     * {@code name=level}. A value that does not convert keeps its untyped form; the handler refuses it afterwards.
     */
    public static Map<String, List<String>> canonical(Map<String, JsonValue> data) {
        Map<String, List<String>> out = new LinkedHashMap<>(Acl.canonical(data));
        for (Map.Entry<String, JsonValue> entry : data.entrySet()) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            try {
                switch (name) {
                    case "installation_id" -> out.put(name, List.of(Long.toString(
                            new Fields(Map.of(name, entry.getValue())).integer(name).orElse(0L))));
                    case "repositories" -> out.put(name, new Fields(Map.of(name, entry.getValue())).commaList(name).orElse(List.of()));
                    case "repository_ids" -> out.put(name, new Fields(Map.of(name, entry.getValue())).commaIntegers(name)
                            .orElse(List.of()).stream().map(String::valueOf).toList());
                    case "permissions" -> out.put(name, pairs(entry.getValue()).stream().toList());
                    default -> {
                        // untyped
                    }
                }
            } catch (VaultException e) {
                // keep the untyped form
            }
        }
        return out;
    }

    /** The permissions as a JSON object, for the permission-set read and the audit log. */
    public jakarta.json.JsonObject permissionsJson() {
        jakarta.json.JsonObjectBuilder o = CachedJson.createObjectBuilder();
        permissions.forEach(o::add);
        return o.build();
    }

    private static Map<String, String> permissions(JsonValue value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        for (String pair : pairs(value)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq).trim();
            String level = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (!PERMISSION_NAME.matcher(name).matches() || !List.of("read", "write", "admin").contains(level)) {
                throw VaultException.invalid("invalid permission \"" + pair + "\"");
            }
            Scope scope = CATALOG.find(name).orElseThrow(() -> VaultException.invalid("unknown permission \"" + name + "\""));
            if (!scope.levels().contains(Level.parse(level).orElseThrow())) {
                throw VaultException.invalid("invalid permission \"" + pair + "\": " + name + " can be " + scope.levelList());
            }
            out.put(name, level);
        }
        return out;
    }

    /** Key/value pairs as {@code name=level} texts: a JSON object, an array of texts, or one text split on commas. */
    private static List<String> pairs(JsonValue value) {
        List<String> out = new ArrayList<>();
        switch (value.getValueType()) {
            case OBJECT -> value.asJsonObject().forEach((k, v) -> out.add(k + "=" + text(v)));
            case ARRAY -> value.asJsonArray().forEach(v -> out.add(text(v).trim()));
            case NULL -> {
                // none
            }
            default -> {
                for (String piece : text(value).split(",")) {
                    if (!piece.isBlank()) {
                        out.add(piece.trim());
                    }
                }
            }
        }
        return out;
    }

    private static String text(JsonValue v) {
        return new Fields(Map.of("v", v)).string("v").orElse("");
    }
}
