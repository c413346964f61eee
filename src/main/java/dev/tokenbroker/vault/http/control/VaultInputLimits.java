package dev.tokenbroker.vault.http.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.token.control.TokenStore;

/**
 * The bounds of every field the Vault API stores or sends on, checked on the request's data before any database or
 * GitHub work, so that no value reaches a column it does not fit or a call it has no business in. Bounds are far
 * above what Vault's clients send and below the columns they are stored in; names follow Vault's field names, which
 * mean the same on every path. Documented in the README ("Limits").
 */
public final class VaultInputLimits {

    /** Path segments: policy names (128), map keys and permission-set names fit their columns. */
    public static final int MAX_SEGMENT = 128;
    /** Policies per token or mapping: 30 names of 128 characters and {@code default} fit the 4,000-character column. */
    public static final int MAX_POLICIES = 30;
    public static final int MAX_POLICY_NAME = 128;
    public static final int MAX_CIDRS = 32;
    public static final int MAX_CIDR = 50;
    public static final int MAX_META_PAIRS = 32;
    public static final int MAX_META_KEY = 64;
    public static final int MAX_META_VALUE = 256;
    public static final int MAX_DISPLAY_NAME = 128;
    public static final int MAX_REPOSITORIES = 500;
    public static final int MAX_REPOSITORY = 100;
    public static final int MAX_PERMISSIONS = 100;
    public static final int MAX_TOKEN = TokenStore.MAX_BATCH_CHARS;
    public static final int MAX_PATHS = 64;
    public static final int MAX_PATH = 1024;

    private record Rule(int maxItems, int maxLength) {
    }

    private static final Map<String, Rule> LISTS = Map.of(
            "policies", new Rule(MAX_POLICIES, MAX_POLICY_NAME),
            "token_policies", new Rule(MAX_POLICIES, MAX_POLICY_NAME),
            "value", new Rule(MAX_POLICIES, MAX_POLICY_NAME),
            "bound_cidrs", new Rule(MAX_CIDRS, MAX_CIDR),
            "token_bound_cidrs", new Rule(MAX_CIDRS, MAX_CIDR),
            "repositories", new Rule(MAX_REPOSITORIES, MAX_REPOSITORY),
            "repository_ids", new Rule(MAX_REPOSITORIES, 20),
            "paths", new Rule(MAX_PATHS, MAX_PATH),
            "path", new Rule(MAX_PATHS, MAX_PATH));

    private static final Map<String, Integer> STRINGS = Map.ofEntries(
            Map.entry("display_name", MAX_DISPLAY_NAME),
            Map.entry("organization", 255),
            Map.entry("org_name", 255),
            Map.entry("base_url", 1024),
            Map.entry("lease_id", 255),
            Map.entry("accessor", 64),
            Map.entry("token", MAX_TOKEN),
            Map.entry("type", 32),
            Map.entry("token_type", 32),
            Map.entry("explicit_max_ttl", 64),
            Map.entry("ttl", 64),
            Map.entry("period", 64),
            Map.entry("increment", 64),
            Map.entry("token_ttl", 64),
            Map.entry("token_max_ttl", 64),
            Map.entry("token_explicit_max_ttl", 64),
            Map.entry("token_period", 64));

    private VaultInputLimits() {
    }

    /** @throws VaultException INVALID_REQUEST naming the field and its bound */
    public static void check(Map<String, JsonValue> data) {
        data.forEach((name, value) -> refuseNul(name, value, name));
        data.forEach((name, value) -> {
            Rule list = LISTS.get(name);
            if (list != null) {
                items(name, value, list);
            }
            Integer max = STRINGS.get(name);
            if (max != null && value instanceof JsonString s && s.getString().length() > max) {
                throw tooLong(name, max);
            }
        });
        if (data.containsKey("meta")) {
            pairs("meta", data.get("meta"), MAX_META_PAIRS, MAX_META_KEY, MAX_META_VALUE);
        }
        if (data.containsKey("permissions")) {
            pairs("permissions", data.get("permissions"), MAX_PERMISSIONS, 64, 64);
        }
    }

    /**
     * No NUL anywhere, in keys or values: PostgreSQL cannot store it in text, and no Vault field means one. The depth
     * is bounded by {@code JsonText}.
     */
    private static void refuseNul(String key, JsonValue value, String field) {
        if (key.indexOf('\u0000') >= 0 || value instanceof JsonString s && s.getString().indexOf('\u0000') >= 0) {
            throw VaultException.invalid("\"" + field + "\" contains a NUL character");
        }
        if (value instanceof JsonObject object) {
            object.forEach((k, v) -> refuseNul(k, v, field));
        } else if (value instanceof JsonArray array) {
            array.forEach(v -> refuseNul("", v, field));
        }
    }

    /** Each segment of the request path, which must hold no control character. */
    public static void checkPath(String path) {
        if (path.chars().anyMatch(Character::isISOControl)) {
            throw VaultException.invalid("invalid request path: it contains a control character");
        }
        for (String segment : path.split("/")) {
            if (segment.length() > MAX_SEGMENT) {
                throw VaultException.invalid("a path segment is longer than " + MAX_SEGMENT + " characters");
            }
        }
    }

    private static void items(String name, JsonValue value, Rule rule) {
        List<String> items = new ArrayList<>();
        if (value instanceof JsonArray array) {
            if (array.size() > rule.maxItems()) {
                throw tooMany(name, rule.maxItems());
            }
            array.forEach(v -> items.add(v instanceof JsonString s ? s.getString() : v.toString()));
        } else if (value instanceof JsonString s) {
            String text = s.getString();
            if (text.length() > (long) rule.maxItems() * (rule.maxLength() + 1) + rule.maxItems()) {
                throw tooMany(name, rule.maxItems());
            }
            items.addAll(List.of(text.split(",", -1)));
        }
        if (items.size() > rule.maxItems()) {
            throw tooMany(name, rule.maxItems());
        }
        for (String item : items) {
            if (item.strip().length() > rule.maxLength()) {
                throw VaultException.invalid("an item of \"" + name + "\" is longer than " + rule.maxLength()
                        + " characters");
            }
            if (item.chars().anyMatch(Character::isISOControl)) {
                throw VaultException.invalid("an item of \"" + name + "\" contains a control character");
            }
        }
    }

    /** An object of pairs, an array of {@code k=v} strings, or one such string. */
    private static void pairs(String name, JsonValue value, int maxPairs, int maxKey, int maxValue) {
        if (value instanceof JsonObject object) {
            if (object.size() > maxPairs) {
                throw tooMany(name, maxPairs);
            }
            object.forEach((k, v) -> pair(name, k, v instanceof JsonString s ? s.getString() : v.toString(), maxKey, maxValue));
        } else if (value instanceof JsonArray array) {
            if (array.size() > maxPairs) {
                throw tooMany(name, maxPairs);
            }
            array.forEach(v -> pair(name, v instanceof JsonString s ? s.getString() : v.toString(), maxKey, maxValue));
        } else if (value instanceof JsonString s) {
            if (s.getString().length() > maxKey + maxValue + 1) {
                throw tooLong(name, maxKey + maxValue + 1);
            }
        }
    }

    private static void pair(String name, String item, int maxKey, int maxValue) {
        int eq = item.indexOf('=');
        pair(name, eq < 0 ? item : item.substring(0, eq), eq < 0 ? "" : item.substring(eq + 1), maxKey, maxValue);
    }

    private static void pair(String name, String key, String value, int maxKey, int maxValue) {
        if (key.length() > maxKey) {
            throw VaultException.invalid("a key of \"" + name + "\" is longer than " + maxKey + " characters");
        }
        if (value.length() > maxValue) {
            throw VaultException.invalid("a value of \"" + name + "\" is longer than " + maxValue + " characters");
        }
    }

    private static VaultException tooMany(String name, int max) {
        return VaultException.invalid("\"" + name + "\" has more than " + max + " items");
    }

    private static VaultException tooLong(String name, int max) {
        return VaultException.invalid("\"" + name + "\" is longer than " + max + " characters");
    }
}
