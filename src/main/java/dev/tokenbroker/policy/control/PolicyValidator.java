package dev.tokenbroker.policy.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokenbroker.policy.entity.Finding;
import dev.tokenbroker.policy.entity.Finding.Severity;
import dev.tokenbroker.policy.entity.InvalidPolicyException;
import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.RepositoryPolicy;
import dev.tokenbroker.policy.entity.Statement;

/**
 * A policy file's findings, as data, from the same {@link PolicyParser} the exchange uses: what makes the file invalid
 * (YAML errors with line and column, unknown keys, the origin, the limits), every entry the lenient parse would drop
 * (a misspelt permission or level, with the nearest valid value suggested), subject patterns that can never match a
 * GitHub Actions subject, patterns that match every subject, and a repository policy granting more than its owner
 * policy's {@code allowed-repository-permissions} allows. Pure: no GitHub, no clock.
 */
public final class PolicyValidator {

    /** Subjects of workflows of two unrelated owners, in each form GitHub issues: a pattern matching all matches any. */
    private static final List<String> PROBES = List.of(
            "repo:zz-probe-owner/zz-probe-repo:ref:refs/heads/zz-probe",
            "repo:yy-other-owner/yy-other-repo:pull_request",
            "repo:xx-third-owner/xx-third-repo:environment:xx-probe",
            "repo:ww-owner@1/ww-repo@2:ref:refs/tags/ww");
    private static final Pattern AT_LINE = Pattern.compile("\\(line (\\d+), column (\\d+)\\)");
    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized key: \"(.*)\"");

    private final PermissionCatalog catalog;

    public PolicyValidator(PermissionCatalog catalog) {
        this.catalog = catalog;
    }

    /** The findings of {@code <owner>/.github-access-token}'s {@code file}. */
    public List<Finding> validateOwnerPolicy(String text, String owner, String file) {
        List<Finding> findings = new ArrayList<>();
        Optional<OwnerPolicy> policy = parse(text, findings,
                parser -> parser.parseOwnerPolicy(text, owner, file));
        policy.ifPresent(p -> {
            p.allowedSubjects().ifPresent(subjects -> {
                for (int i = 0; i < subjects.size(); i++) {
                    checkPattern(subjects.get(i), "allowed-subjects[" + i + "]", text, findings, false);
                }
            });
            checkStatements(p.statements(), text, findings);
        });
        return sorted(findings);
    }

    /**
     * The findings of repository {@code owner/repository}'s {@code file}; with its owner's policy, also what it grants
     * beyond the owner policy's {@code allowed-repository-permissions}.
     */
    public List<Finding> validateRepositoryPolicy(String text, String owner, String repository, String file,
                                                  Optional<OwnerPolicy> ownerPolicy) {
        List<Finding> findings = new ArrayList<>();
        Optional<RepositoryPolicy> policy = parse(text, findings,
                parser -> parser.parseRepositoryPolicy(text, owner, repository, file));
        policy.ifPresent(p -> {
            checkStatements(p.statements(), text, findings);
            ownerPolicy.ifPresent(o -> checkCeiling(p, o, owner, text, findings));
        });
        return sorted(findings);
    }

    private <T> Optional<T> parse(String text, List<Finding> findings, java.util.function.Function<PolicyParser, T> parse) {
        PolicyParser parser = new PolicyParser(catalog, (file, path, why, value) ->
                findings.add(dropFinding(text, path, why, value)));
        try {
            return Optional.of(parse.apply(parser));
        } catch (InvalidPolicyException e) {
            for (String detail : e.details()) {
                findings.add(fatal(text, detail));
            }
            return Optional.empty();
        }
    }

    private static Finding fatal(String text, String detail) {
        Matcher at = AT_LINE.matcher(detail);
        if (at.find()) {
            return new Finding(Severity.ERROR, "", Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)),
                    detail.substring(0, at.start()).trim() + detail.substring(at.end()), Optional.empty());
        }
        Matcher unknown = UNRECOGNIZED.matcher(detail);
        if (unknown.matches()) {
            String key = unknown.group(1);
            return located(Severity.ERROR, key, true, text, detail, nearest(key, List.of("origin", "allowed-subjects",
                    "allowed-repository-permissions", "statements")));
        }
        String path = detail.contains("'origin'") || detail.contains("origin '") ? "origin" : "";
        return located(Severity.ERROR, path, text, detail, Optional.empty());
    }

    private Finding dropFinding(String text, String path, String why, Object value) {
        Optional<String> suggestion = Optional.empty();
        if (why.equals("unknown scope") && value != null) {
            suggestion = nearest(PermissionCatalog.normalize(String.valueOf(value)), catalog.names());
        } else if (why.startsWith("level must be one of ")) {
            String key = path.substring(path.lastIndexOf('.') + 1);
            List<String> levels = catalog.find(key).map(s -> s.levels().stream().map(l -> l.name().toLowerCase(Locale.ROOT))
                    .toList()).orElse(List.of());
            suggestion = value instanceof String s ? nearest(s.toLowerCase(Locale.ROOT), levels) : Optional.empty();
        }
        String message = why.equals("unknown scope") ? "unknown permission '" + PolicyParser.printable(value) + "'" : why;
        return located(Severity.ERROR, path, !why.startsWith("level must be one of "), text,
                message + "; the entry is ignored", suggestion);
    }

    private void checkStatements(List<Statement> statements, String text, List<Finding> findings) {
        // statements dropped by the parse shift the indexes; the YAML path of a kept statement is its own index
        for (int i = 0; i < statements.size(); i++) {
            List<String> patterns = statements.get(i).patterns();
            for (int j = 0; j < patterns.size(); j++) {
                checkPattern(patterns.get(j), "statements[" + i + "].subjects", text, findings, true);
            }
        }
    }

    /**
     * @param rewritten a statement's effective pattern: one that does not start with {@code repo:} has a variant that
     *                  does ({@link PatternRewriter}), so only {@code allowed-subjects} can miss the prefix
     */
    private static void checkPattern(String pattern, String path, String text, List<Finding> findings, boolean rewritten) {
        if (pattern.chars().anyMatch(Character::isWhitespace)) {
            findings.add(located(Severity.ERROR, path, text, "subject pattern '" + PolicyParser.printable(pattern)
                    + "' can never match: GitHub Actions subjects contain no spaces", Optional.empty()));
        } else if (!rewritten && !pattern.regionMatches(true, 0, "repo:", 0, 5) && !pattern.startsWith("*")) {
            findings.add(located(Severity.ERROR, path, text, "subject pattern '" + PolicyParser.printable(pattern)
                    + "' can never match: GitHub Actions subjects start with 'repo:'", Optional.empty()));
        } else if (PROBES.stream().allMatch(probe -> SubjectPattern.matches(pattern, probe))) {
            findings.add(located(Severity.WARNING, path, text, "subject pattern '" + PolicyParser.printable(pattern)
                    + "' matches every workflow of every owner", Optional.empty()));
        }
    }

    private void checkCeiling(RepositoryPolicy policy, OwnerPolicy owner, String ownerLogin, String text,
                              List<Finding> findings) {
        Map<String, Level> ceiling = owner.allowedRepositoryPermissions();
        for (int i = 0; i < policy.statements().size(); i++) {
            for (Map.Entry<String, Level> grant : policy.statements().get(i).permissions().entrySet()) {
                Level allowed = ceiling.get(grant.getKey());
                if (allowed == null || !allowed.atLeast(grant.getValue())) {
                    String limit = allowed == null ? "does not allow '" + grant.getKey() + "' at all"
                            : "allows at most '" + grant.getKey() + ": " + allowed.name().toLowerCase(Locale.ROOT) + "'";
                    findings.add(located(Severity.WARNING, "statements[" + i + "].permissions." + grant.getKey(), true, text,
                            "grants '" + grant.getKey() + ": " + grant.getValue().name().toLowerCase(Locale.ROOT)
                                    + "', but the owner policy (" + ownerLogin + "/.github-access-token) " + limit
                                    + " in allowed-repository-permissions; the grant is capped there", Optional.empty()));
                }
            }
        }
    }

    private static Finding located(Severity severity, String path, String text, String message, Optional<String> suggestion) {
        return located(severity, path, false, text, message, suggestion);
    }

    /** @param key whether the finding is about the last key of the path rather than its value */
    private static Finding located(Severity severity, String path, boolean key, String text, String message,
                                   Optional<String> suggestion) {
        int[] at = path.isEmpty() ? new int[] {0, 0} : PolicyYaml.position(text, path, key).orElse(new int[] {0, 0});
        return new Finding(severity, path, at[0], at[1], message, suggestion);
    }

    /** The closest of {@code candidates} by edit distance, if it is close (at most a third of the word, at least 1). */
    static Optional<String> nearest(String word, Collection<String> candidates) {
        int limit = Math.max(1, word.length() / 3);
        return candidates.stream().filter(c -> !c.equals(word))
                .map(c -> Map.entry(c, distance(word, c))).filter(e -> e.getValue() <= limit)
                .min(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<Finding> sorted(List<Finding> findings) {
        return findings.stream().sorted(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column)).toList();
    }

    /** Whether any finding is an error (a file that does not work as written). */
    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

}
