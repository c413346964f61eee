package dev.tokenbroker.exchange.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.exchange.entity.InvalidRequestException;
import dev.tokenbroker.platform.control.JsonText;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.Scope;

/**
 * Validates and normalises the body of {@code POST /access_tokens} (actions-exchange.md §4, rules V1–V11) as both
 * versions of the action send it. Every issue is collected, so one 400 lists them all; the cross-field rules run
 * only once the shape is valid.
 */
public final class AccessTokenRequestParser {

    static final int MAX_REPOSITORIES = 32;
    private static final Set<String> KEYS = Set.of("owner", "repositories", "permissions", "scope");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final PermissionCatalog catalog;

    public AccessTokenRequestParser(PermissionCatalog catalog) {
        this.catalog = catalog;
    }

    /** A repository as written in a request: its owner (if named) and name. */
    private record Entry(Optional<String> owner, String name) {
    }

    /**
     * @param callerOwner the verified {@code repository_owner} claim
     * @param callerRepositoryName the caller repository's name, the default target
     */
    public AccessTokenRequest parse(String body, String callerOwner, String callerRepositoryName) {
        JsonObject json = object(body);
        List<String> issues = new ArrayList<>();
        json.keySet().stream().filter(k -> !KEYS.contains(k) || (k.equals("scope") && !isOwnerScope(json.get(k))))
                .forEach(k -> issues.add("  - Unrecognized key: \"" + k + "\""));
        boolean ownerScope = json.containsKey("scope") && isOwnerScope(json.get("scope"));

        Optional<String> owner = Optional.empty();
        if (json.containsKey("owner")) {
            if (json.get("owner") instanceof JsonString s && OWNER.matcher(s.getString()).matches()) {
                owner = Optional.of(s.getString());
            } else {
                issues.add("  - owner: Invalid owner name");
            }
        }

        boolean all = false;
        List<Entry> entries = new ArrayList<>();
        JsonValue repositories = json.get("repositories");
        if (repositories instanceof JsonString s) {
            if (s.getString().equalsIgnoreCase("ALL")) {
                all = true;
            } else {
                issues.add("  - repositories: Invalid input: expected an array of repository names or \"ALL\"");
            }
        } else if (repositories instanceof JsonArray array) {
            if (array.size() > MAX_REPOSITORIES) {
                issues.add("  - repositories: Too big: expected at most " + MAX_REPOSITORIES + " entries");
            }
            for (int i = 0; i < array.size(); i++) {
                Optional<Entry> entry = entry(array.get(i));
                if (entry.isEmpty()) {
                    issues.add("  - repositories." + i + ": Invalid repository name '" + printable(array.get(i)) + "'");
                } else {
                    entries.add(entry.get());
                }
            }
            all = ownerScope && array.isEmpty();
        } else if (repositories != null) {
            issues.add("  - repositories: Invalid input: expected an array of repository names or \"ALL\"");
        }

        Map<String, Level> permissions = permissions(json.get("permissions"), issues);

        if (!issues.isEmpty()) {
            throw new InvalidRequestException(issues);
        }
        return normalise(owner, all, entries, permissions, callerOwner, callerRepositoryName);
    }

    private AccessTokenRequest normalise(Optional<String> owner, boolean all, List<Entry> entries,
                                         Map<String, Level> permissions, String callerOwner, String callerRepository) {
        if (all) {
            return new AccessTokenRequest(owner.orElse(callerOwner), true, List.of(), permissions);
        }
        List<String> issues = new ArrayList<>();
        if (entries.isEmpty()) {
            if (owner.isPresent() && !owner.get().equalsIgnoreCase(callerOwner)) {
                throw new InvalidRequestException(List.of("  - repositories: Must have at least one entry if owner is specified"));
            }
            return new AccessTokenRequest(callerOwner, false, List.of(callerRepository), permissions);
        }
        if (owner.isPresent()) {
            for (int i = 0; i < entries.size(); i++) {
                Optional<String> named = entries.get(i).owner();
                if (named.isPresent() && !named.get().equalsIgnoreCase(owner.get())) {
                    issues.add("  - repositories." + i + ": Owner must match the specified owner '" + owner.get() + "'");
                }
            }
        } else {
            Set<String> owners = new LinkedHashSet<>();
            entries.forEach(e -> owners.add(e.owner().orElse(callerOwner).toLowerCase(Locale.ROOT)));
            if (owners.size() > 1) {
                issues.add("  - repositories: Must have one common owner");
            }
        }
        if (!issues.isEmpty()) {
            throw new InvalidRequestException(issues);
        }
        String target = owner.orElseGet(() -> entries.get(0).owner().orElse(callerOwner));
        Map<String, String> names = new LinkedHashMap<>();
        entries.forEach(e -> names.putIfAbsent(e.name().toLowerCase(Locale.ROOT), e.name()));
        return new AccessTokenRequest(target, false, List.copyOf(names.values()), permissions);
    }

    private Map<String, Level> permissions(JsonValue value, List<String> issues) {
        Map<String, Level> permissions = new LinkedHashMap<>();
        if (value == null) {
            issues.add("  - permissions: Required");
            return permissions;
        }
        if (!(value instanceof JsonObject object)) {
            issues.add("  - permissions: Invalid input: expected an object");
            return permissions;
        }
        if (object.isEmpty()) {
            issues.add("  - permissions: Invalid object: must have at least one entry");
            return permissions;
        }
        Set<String> seen = new LinkedHashSet<>();
        object.forEach((key, level) -> {
            String normalised = PermissionCatalog.normalize(key);
            if (!seen.add(normalised)) {
                issues.add("  - permissions: Duplicate scope '" + normalised + "'");
                return;
            }
            Optional<Scope> scope = catalog.find(key);
            if (scope.isEmpty()) {
                issues.add("  - permissions: Unrecognized key: \"" + printable(key) + "\"");
                return;
            }
            Optional<Level> parsed = level instanceof JsonString s ? Level.parse(s.getString()) : Optional.empty();
            if (parsed.isEmpty() || !scope.get().levels().contains(parsed.get())) {
                issues.add("  - permissions." + printable(key) + ": Invalid option: expected one of " + scope.get().levelList());
                return;
            }
            permissions.put(scope.get().name(), parsed.get());
        });
        return permissions;
    }

    private static Optional<Entry> entry(JsonValue value) {
        if (!(value instanceof JsonString s)) {
            return Optional.empty();
        }
        String text = s.getString();
        int slash = text.indexOf('/');
        String owner = slash < 0 ? null : text.substring(0, slash);
        String name = slash < 0 ? text : text.substring(slash + 1);
        if ((owner != null && !OWNER.matcher(owner).matches()) || !NAME.matcher(name).matches()
                || name.equals(".") || name.equals("..")) {
            return Optional.empty();
        }
        return Optional.of(new Entry(Optional.ofNullable(owner), name));
    }

    private static boolean isOwnerScope(JsonValue value) {
        return value instanceof JsonString s && s.getString().equals("owner");
    }

    private static JsonObject object(String body) {
        JsonValue value;
        try {
            value = JsonText.read(body);
        } catch (JsonText.Invalid e) {
            String reason = e.getMessage().equals("invalid JSON") ? "Invalid JSON" : "Invalid JSON: " + e.getMessage();
            throw new InvalidRequestException(List.of("  - " + reason + e.where().map(w -> " at " + w).orElse("")));
        }
        if (value instanceof JsonObject o) {
            return o;
        }
        throw new InvalidRequestException(List.of("  - Invalid input: expected a JSON object, received "
                + value.getValueType().name().toLowerCase(Locale.ROOT)));
    }

    private static String printable(Object value) {
        String text = value instanceof JsonString s ? s.getString() : String.valueOf(value);
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }
}
