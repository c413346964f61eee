package dev.tokenbroker.policy.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The optional server-wide allowed-subjects gate of contract §3.4: the raw {@code sub} alone must match one of its
 * entries, or the request gets 401. Its dialect is kept for compatibility with {@code GITHUB_ACTIONS_TOKEN_ALLOWED_SUBJECTS}
 * and differs from the policy patterns of {@link SubjectPattern}: {@code *} matches <em>one or more</em> characters of
 * any kind, {@code :} included, and {@code ?} exactly one character of any kind; everything else is literal; matching
 * is whole-string and case-insensitive. It uses the same non-backtracking matcher as the policy patterns.
 */
public final class SubjectGate {

    private final List<String> entries;
    private final List<int[]> tokenized;

    private SubjectGate(List<String> entries) {
        this.entries = List.copyOf(entries);
        this.tokenized = entries.stream().map(SubjectGate::tokenize).toList();
    }

    /** The gate for a setting value; empty when the value is null, blank or made only of empty entries (unset). */
    public static Optional<SubjectGate> parse(String setting) {
        if (setting == null) {
            return Optional.empty();
        }
        List<String> entries = new ArrayList<>();
        int start = 0;
        while (start <= setting.length()) {
            int comma = setting.indexOf(',', start);
            int end = comma < 0 ? setting.length() : comma;
            String entry = setting.substring(start, end).trim();
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
            start = end + 1;
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(new SubjectGate(entries));
    }

    /** Whether the raw {@code sub} matches at least one entry as a whole, case-insensitively. */
    public boolean admits(String rawSub) {
        if (rawSub == null) {
            return false;
        }
        int[] subject = SubjectPattern.fold(rawSub);
        for (int[] tokens : tokenized) {
            if (SubjectPattern.match(tokens, subject)) {
                return true;
            }
        }
        return false;
    }

    /** The trimmed, non-empty entries in their configured order. */
    public List<String> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "SubjectGate" + entries;
    }

    /** Gate-dialect tokens: every {@code *} is "one or more of anything", every {@code ?} "exactly one of anything". */
    static int[] tokenize(String entry) {
        return entry.codePoints()
                .map(cp -> switch (cp) {
                    case '*' -> SubjectPattern.RUN_ANY_NON_EMPTY;
                    case '?' -> SubjectPattern.ONE_ANY;
                    default -> SubjectPattern.fold(cp);
                })
                .toArray();
    }
}
