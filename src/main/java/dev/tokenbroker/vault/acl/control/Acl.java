package dev.tokenbroker.vault.acl.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.vault.acl.control.AclPolicyParser.AclPolicy;
import dev.tokenbroker.vault.acl.control.AclPolicyParser.PathRule;
import dev.tokenbroker.vault.logical.control.VaultJson;

/**
 * The combined ACL of one token: its policies merged per path pattern (vault-api.md §6.2), matched as Vault matches
 * them (§6.3) and checked against request parameters (§6.5). It exists as one immutable value so that every decision of
 * a request, the capability, sudo, the parameters and {@code sys/capabilities-self}, is taken from the same single
 * deciding rule: in Vault a less specific pattern never adds to a more specific one, and computing the pieces separately
 * would risk mixing rules.
 *
 * <p>Patterns fall into three groups, as in Vault's {@code NewACL}: exact patterns, prefix patterns (ending in
 * {@code *}, without {@code +} segments; keyed by the text before the {@code *}) and segment-wildcard patterns (with a
 * {@code +} segment, perhaps also ending in {@code *}).
 */
public final class Acl {

    /** What a root token holds on every path. */
    private static final Set<String> ALL_CAPABILITIES = Collections.unmodifiableSet(
            new TreeSet<>(List.of("create", "read", "update", "patch", "delete", "list", "sudo")));

    private static final Set<String> OPERATIONS = Set.of("read", "list", "update", "create", "delete", "patch");

    /** §6.5: parameter constraints apply to these operations only (Vault also checks patch). */
    private static final Set<String> PARAMETER_CHECKED = Set.of("read", "create", "update", "patch");

    private static final Acl ROOT = new Acl(true, Map.of(), Map.of(), Map.of());

    /** §6.3 (4): ascending priority, so the best candidate is the maximum. */
    private static final Comparator<Candidate> PRIORITY = Comparator.comparingInt(Candidate::firstWildcard)
            .thenComparing(candidate -> !candidate.prefix())
            .thenComparing(candidate -> -candidate.wildcards())
            .thenComparingInt(candidate -> candidate.path().length())
            .thenComparing(Candidate::path);

    private final boolean root;
    private final Map<String, PathRule> exact;
    private final Map<String, PathRule> prefixes;
    private final Map<String, PathRule> segmentPatterns;

    private Acl(boolean root, Map<String, PathRule> exact, Map<String, PathRule> prefixes,
            Map<String, PathRule> segmentPatterns) {
        this.root = root;
        this.exact = Map.copyOf(exact);
        this.prefixes = Map.copyOf(prefixes);
        this.segmentPatterns = Map.copyOf(segmentPatterns);
    }

    /** The ACL of a root token: every check passes. */
    public static Acl root() {
        return ROOT;
    }

    /** Merges the token's policies (§6.2). No policies means every request is denied. */
    public static Acl of(List<AclPolicy> policies) {
        Map<String, PathRule> exact = new HashMap<>();
        Map<String, PathRule> prefixes = new HashMap<>();
        Map<String, PathRule> segmentPatterns = new HashMap<>();
        for (AclPolicy policy : policies) {
            for (PathRule rule : policy.rules()) {
                String pattern = rule.pattern();
                if (firstPlusSegment(withoutStar(pattern)) >= 0) {
                    segmentPatterns.merge(pattern, rule, Acl::merge);
                } else if (pattern.endsWith("*")) {
                    prefixes.merge(withoutStar(pattern), rule, Acl::merge);
                } else {
                    exact.merge(pattern, rule, Acl::merge);
                }
            }
        }
        return new Acl(false, exact, prefixes, segmentPatterns);
    }

    public boolean isRoot() {
        return root;
    }

    /**
     * Whether any rule grants something other than {@code deny} on {@code mountPath} or below it, or on a pattern that
     * covers it (Vault's {@code hasMountAccess}, the preflight of {@code sys/internal/ui/mounts}).
     */
    public boolean grantsAnythingUnder(String mountPath) {
        if (root || !capabilitiesSelf(mountPath).contains("deny")) {
            return true;
        }
        for (Map<String, PathRule> rules : List.of(exact, prefixes)) {
            for (Map.Entry<String, PathRule> rule : rules.entrySet()) {
                if (rule.getKey().startsWith(mountPath) && grantsSomething(rule.getValue())) {
                    return true;
                }
            }
        }
        for (Map.Entry<String, PathRule> rule : segmentPatterns.entrySet()) {
            // github/+/ci may match below github/; +/token/* may too: compare the literal part before the first +
            String literal = rule.getKey().substring(0, firstPlusSegment(withoutStar(rule.getKey())));
            if ((literal.startsWith(mountPath) || mountPath.startsWith(literal)) && grantsSomething(rule.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean grantsSomething(PathRule rule) {
        return !rule.capabilities().isEmpty() && !rule.capabilities().contains("deny");
    }

    /**
     * The capabilities of the rule that decides {@code path} (§6.3), {@code [deny]} for a deny rule, empty when no rule
     * matches.
     *
     * @param list whether this is a list request, whose path ends in {@code /}; enables the trailing-slash fallbacks
     */
    public Set<String> capabilities(String path, boolean list) {
        if (root) {
            return ALL_CAPABILITIES;
        }
        return decidingRule(path, list).map(PathRule::capabilities).orElse(Set.of());
    }

    /**
     * The answer of {@code sys/capabilities-self} for one path (§6.8): evaluated with the list-request fallbacks,
     * sorted, {@code [deny]} when nothing is granted, {@code [root]} for a root token.
     */
    public List<String> capabilitiesSelf(String path) {
        if (root) {
            return List.of("root");
        }
        Set<String> capabilities = capabilities(path, true);
        if (capabilities.isEmpty() || capabilities.contains("deny")) {
            return List.of("deny");
        }
        return List.copyOf(new TreeSet<>(capabilities));
    }

    /**
     * Decides a request (§6.4, §6.5): the deciding rule must grant the operation's capability, and {@code sudo} when
     * {@code needsSudo}; then read, create, update and patch requests must satisfy the rule's parameter constraints.
     *
     * @param operation {@code read}, {@code list}, {@code update}, {@code create}, {@code delete} or {@code patch}
     *        (renew and revoke are {@code update})
     * @param parameters the request data as canonical values (§6.5, see {@link #canonical(Map)}); names are compared
     *        lowercased
     * @see #decide(String, String, Map, boolean) the same decision with the sudo flag and a reason
     */
    public boolean allows(String path, String operation, Map<String, List<String>> parameters, boolean needsSudo) {
        return decide(path, operation, parameters, needsSudo).allowed();
    }

    /**
     * {@link #allows} with its explanation, and whether the deciding rule grants {@code sudo}, which the lease
     * ownership rule needs (§6.4).
     */
    public Decision decide(String path, String operation, Map<String, List<String>> parameters, boolean needsSudo) {
        if (!OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("unknown operation " + operation);
        }
        if (root) {
            return new Decision(true, true, "root token");
        }
        Optional<PathRule> found = decidingRule(path, operation.equals("list"));
        if (found.isEmpty()) {
            return Decision.denied(false, "no pattern matches");
        }
        PathRule rule = found.get();
        String pattern = AclPolicyParser.quote(rule.pattern());
        if (rule.isDeny()) {
            return Decision.denied(false, pattern + " denies");
        }
        boolean sudo = rule.capabilities().contains("sudo");
        if (!rule.capabilities().contains(operation)) {
            return Decision.denied(sudo, pattern + " lacks " + operation);
        }
        if (needsSudo && !sudo) {
            return Decision.denied(false, pattern + " lacks sudo");
        }
        if (PARAMETER_CHECKED.contains(operation)) {
            String failure = parameterFailure(rule, lowercased(parameters));
            if (failure != null) {
                return Decision.denied(sudo, pattern + ": " + failure);
            }
        }
        return new Decision(true, sudo, pattern + " allows " + operation);
    }

    /**
     * The outcome of {@link #decide}.
     *
     * @param allowed whether the request may proceed
     * @param sudo whether the deciding rule grants {@code sudo} (always for root); the lease ownership rule (§6.4)
     *        applies to callers without it
     * @param reason a short explanation for logs; never sent to clients
     */
    public record Decision(boolean allowed, boolean sudo, String reason) {

        static Decision denied(boolean sudo, String reason) {
            return new Decision(false, sudo, reason);
        }
    }

    // ---------------------------------------------------------------- canonical values (§6.5, untyped row)

    /**
     * Request data as canonical values for parameters without a schema type (§6.5, "untyped" row): a string is itself,
     * a number its decimal text, a bool {@code true}/{@code false}, null {@code ""}, an array each element (flattened,
     * recursively), an object one {@code k=v} per entry. Names are lowercased; names that collide join their values.
     */
    public static Map<String, List<String>> canonical(Map<String, JsonValue> data) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        data.forEach((name, value) -> {
            List<String> values = out.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            addCanonical(value, values);
        });
        out.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(out);
    }

    /**
     * {@link #canonical(Map)}, with the named comma-list fields typed (§6.5): a string value is split on commas, so
     * {@code policies:"dev,admin"} is checked as two values, as the handler will read it.
     */
    public static Map<String, List<String>> canonical(Map<String, JsonValue> data, Set<String> commaLists) {
        Map<String, List<String>> out = new LinkedHashMap<>(canonical(data));
        for (String name : commaLists) {
            List<String> values = out.get(name);
            if (values != null) {
                List<String> split = new ArrayList<>();
                values.forEach(v -> Arrays.stream(v.split(",", -1)).map(String::trim).forEach(split::add));
                out.put(name, List.copyOf(split));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static void addCanonical(JsonValue value, List<String> out) {
        if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().forEach(element -> addCanonical(element, out));
        } else if (value != null && value.getValueType() == JsonValue.ValueType.OBJECT) {
            value.asJsonObject().forEach((key, v) -> out.add(key + "=" + scalarText(v)));
        } else {
            out.add(scalarText(value));
        }
    }

    /** One value as text; an array or object nested inside an object entry is written as compact JSON. */
    private static String scalarText(JsonValue value) {
        if (value == null) {
            return "";
        }
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> VaultJson.decimalText(((JsonNumber) value).bigDecimalValue());
            case TRUE -> "true";
            case FALSE -> "false";
            case NULL -> "";
            case ARRAY, OBJECT -> value.toString();
        };
    }

    // ---------------------------------------------------------------- matching (§6.3)

    private Optional<PathRule> decidingRule(String path, boolean list) {
        PathRule rule = exact.get(path);
        if (rule == null && list) {
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            rule = exact.get(trimmed);
            if (rule == null && !trimmed.equals(path)) {
                rule = nonExact(trimmed);
            }
        }
        if (rule == null) {
            rule = nonExact(path);
        }
        return Optional.ofNullable(rule);
    }

    /** A non-exact pattern that matches, with the attributes the tie-breakers compare. */
    private record Candidate(int firstWildcard, boolean prefix, int wildcards, String path, PathRule rule) {
    }

    private PathRule nonExact(String path) {
        List<Candidate> candidates = new ArrayList<>();
        String longest = null;
        for (String prefix : prefixes.keySet()) {
            if (path.startsWith(prefix) && (longest == null || prefix.length() > longest.length())) {
                longest = prefix;
            }
        }
        if (longest != null) {
            candidates.add(new Candidate(longest.length(), true, 0, longest, prefixes.get(longest)));
        }
        if (!segmentPatterns.isEmpty()) {
            String[] parts = path.split("/", -1);
            segmentPatterns.forEach((pattern, rule) -> {
                Candidate candidate = segmentMatch(pattern, rule, parts);
                if (candidate != null) {
                    candidates.add(candidate);
                }
            });
        }
        return candidates.stream().max(PRIORITY).map(Candidate::rule).orElse(null);
    }

    /**
     * Vault's segment-wildcard match: {@code +} takes any one segment; without a trailing {@code *} the segment counts
     * must be equal, with it the path may be longer and its last pattern segment is a prefix.
     */
    private static Candidate segmentMatch(String pattern, PathRule rule, String[] parts) {
        boolean prefix = pattern.endsWith("*");
        String body = withoutStar(pattern);
        String[] segments = body.split("/", -1);
        if (parts.length < segments.length || !prefix && parts.length != segments.length) {
            return null;
        }
        int wildcards = 0;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("+")) {
                wildcards++;
            } else if (!segment.equals(parts[i])
                    && !(prefix && i == segments.length - 1 && parts[i].startsWith(segment))) {
                return null;
            }
        }
        return new Candidate(firstPlusSegment(body), prefix, wildcards, body, rule);
    }

    /** The index of the first segment that is exactly {@code +}, or -1; a {@code +} inside a segment is literal. */
    private static int firstPlusSegment(String pattern) {
        int start = 0;
        while (start <= pattern.length()) {
            int end = pattern.indexOf('/', start);
            if (end < 0) {
                end = pattern.length();
            }
            if (end - start == 1 && pattern.charAt(start) == '+') {
                return start;
            }
            start = end + 1;
        }
        return -1;
    }

    private static String withoutStar(String pattern) {
        return pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    // ---------------------------------------------------------------- merging (§6.2)

    /** Vault's {@code NewACL} merge of two rules for the same pattern. */
    private static PathRule merge(PathRule held, PathRule added) {
        if (held.isDeny()) {
            return held;
        }
        if (added.isDeny()) {
            return PathRule.of(held.pattern(), Set.of("deny"));
        }
        Set<String> capabilities = new TreeSet<>(held.capabilities());
        capabilities.addAll(added.capabilities());
        Set<String> required = new LinkedHashSet<>(held.requiredParameters());
        required.addAll(added.requiredParameters());
        return new PathRule(held.pattern(), capabilities,
                mergeParameters(held.allowedParameters(), added.allowedParameters()),
                mergeParameters(held.deniedParameters(), added.deniedParameters()), List.copyOf(required));
    }

    /** Per name: an empty list ("any value") on either side wins, otherwise the lists are joined. */
    private static Map<String, List<String>> mergeParameters(Map<String, List<String>> held,
            Map<String, List<String>> added) {
        Map<String, List<String>> out = new LinkedHashMap<>(held);
        added.forEach((name, values) -> out.merge(name, values, (a, b) -> {
            if (a.isEmpty() || b.isEmpty()) {
                return List.of();
            }
            List<String> joined = new ArrayList<>(a);
            joined.addAll(b);
            return joined;
        }));
        return out;
    }

    // ---------------------------------------------------------------- parameter constraints (§6.5)

    /** Vault's order of checks ({@code vault/acl.go}); null when the parameters pass, otherwise why not. */
    private static String parameterFailure(PathRule rule, Map<String, List<String>> data) {
        for (String name : rule.requiredParameters()) {
            if (!data.containsKey(name)) {
                return "required parameter " + AclPolicyParser.quote(name) + " missing";
            }
        }
        if (data.isEmpty()) {
            return null;
        }
        Map<String, List<String>> denied = rule.deniedParameters();
        if (denied.containsKey("*")) {
            return "all parameters are denied";
        }
        for (Map.Entry<String, List<String>> parameter : data.entrySet()) {
            List<String> patterns = denied.get(parameter.getKey());
            if (patterns != null && anyMatches(parameter.getValue(), patterns)) {
                return "parameter " + AclPolicyParser.quote(parameter.getKey()) + " has a denied value";
            }
        }
        Map<String, List<String>> allowed = rule.allowedParameters();
        boolean anyName = allowed.containsKey("*");
        if (allowed.isEmpty() || anyName && allowed.size() == 1) {
            return null;
        }
        for (Map.Entry<String, List<String>> parameter : data.entrySet()) {
            List<String> patterns = allowed.get(parameter.getKey());
            if (patterns == null && !anyName) {
                return "parameter " + AclPolicyParser.quote(parameter.getKey()) + " is not allowed";
            }
            if (patterns != null && !everyMatches(parameter.getValue(), patterns)) {
                return "parameter " + AclPolicyParser.quote(parameter.getKey()) + " has a value that is not allowed";
            }
        }
        return null;
    }

    /** Denied if any value matches; an empty pattern list matches every value. */
    private static boolean anyMatches(List<String> values, List<String> patterns) {
        if (patterns.isEmpty()) {
            return true;
        }
        return valuesOf(values).stream().anyMatch(value -> patterns.stream().anyMatch(p -> globMatches(p, value)));
    }

    /** Allowed only if every value matches; an empty pattern list matches every value. */
    private static boolean everyMatches(List<String> values, List<String> patterns) {
        if (patterns.isEmpty()) {
            return true;
        }
        return valuesOf(values).stream().allMatch(value -> patterns.stream().anyMatch(p -> globMatches(p, value)));
    }

    /**
     * A parameter sent without values (an empty array, an empty comma list) is compared as the one value {@code ""};
     * otherwise it would satisfy every allowed list vacuously, and an empty {@code repositories} means "all
     * repositories" to GitHub.
     */
    private static List<String> valuesOf(List<String> values) {
        return values == null || values.isEmpty() ? List.of("") : values;
    }

    /** Vault's {@code GlobbedStringsMatch}: {@code *x*} contains, {@code *x} suffix, {@code x*} prefix, else equal. */
    static boolean globMatches(String pattern, String value) {
        if (pattern.length() < 2) {
            return value.equals(pattern);
        }
        boolean leading = pattern.startsWith("*");
        boolean trailing = pattern.endsWith("*");
        if (leading && trailing) {
            return value.contains(pattern.substring(1, pattern.length() - 1));
        }
        if (leading) {
            return value.endsWith(pattern.substring(1));
        }
        if (trailing) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return value.equals(pattern);
    }

    /** Names lowercased; callers should already have done so, but a mixed-case name must not bypass a constraint. */
    private static Map<String, List<String>> lowercased(Map<String, List<String>> parameters) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.forEach((name, values) -> out.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).addAll(values == null ? List.of() : values));
        }
        return out;
    }
}
