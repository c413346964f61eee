package dev.tokenbroker.policy.control;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Matches policy subject patterns ({@code statements[].subjects}, {@code allowed-subjects}) against effective
 * subjects, as contract §7.1 defines them. Patterns come from anyone who can push to a policy file, so they are only
 * semi-trusted: matching is a dynamic programme over pattern tokens × subject characters, O(pattern × subject) in the
 * worst case, and never {@code java.util.regex}, which could backtrack exponentially.
 *
 * <p>Dialect: the whole subject must match, case-insensitively; tokens are read left to right with {@code **} taken
 * first (so {@code ***} is {@code **} then {@code *}); {@code **} matches anything including {@code :} and the empty
 * string, {@code *} anything except {@code :} including the empty string, {@code ?} exactly one character other than
 * {@code :}; every other character is literal. The claim-name guard of §7.1 makes a pattern with a wildcard in a claim
 * name never match.
 *
 * <p>Characters are compared as Unicode code points, folded with {@code toLowerCase(toUpperCase(cp))} (the rule
 * {@link String#equalsIgnoreCase} uses), so case folding never changes how many characters {@code ?} sees.
 */
public final class SubjectPattern {

    /** Policy {@code *}: any run of characters other than {@code :}, possibly empty. */
    static final int RUN_EXCEPT_COLON = -1;
    /** Policy {@code **}: any run of characters, possibly empty. */
    static final int RUN_ANY = -2;
    /** Policy {@code ?}: exactly one character other than {@code :}. */
    static final int ONE_EXCEPT_COLON = -3;
    /** Gate {@code *}: any run of at least one character. */
    static final int RUN_ANY_NON_EMPTY = -4;
    /** Gate {@code ?}: exactly one character of any kind. */
    static final int ONE_ANY = -5;

    private static final int COLON = ':';

    private SubjectPattern() {
    }

    /** Whether {@code pattern} matches the whole {@code subject} under §7.1; false for {@code null} input. */
    public static boolean matches(String pattern, String subject) {
        if (pattern == null || subject == null || !passesClaimNameGuard(pattern)) {
            return false;
        }
        return match(tokenize(pattern), fold(subject));
    }

    /** Whether any of {@code patterns} matches any of {@code subjects} (contract §7.1, case M3). */
    public static boolean anyMatches(Collection<String> patterns, Collection<String> subjects) {
        if (patterns == null || subjects == null || subjects.isEmpty()) {
            return false;
        }
        int[][] folded = subjects.stream().filter(Objects::nonNull).map(SubjectPattern::fold).toArray(int[][]::new);
        for (String pattern : patterns) {
            if (pattern == null || !passesClaimNameGuard(pattern)) {
                continue;
            }
            int[] tokens = tokenize(pattern);
            for (int[] subject : folded) {
                if (match(tokens, subject)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The claim-name guard: strip one trailing {@code :**}, split on {@code :}; the elements at even indexes are claim
     * names and must contain neither {@code *} nor {@code ?}.
     */
    static boolean passesClaimNameGuard(String pattern) {
        String rest = pattern.endsWith(":**") ? pattern.substring(0, pattern.length() - 3) : pattern;
        int index = 0;
        int start = 0;
        while (true) {
            int colon = rest.indexOf(':', start);
            int end = colon < 0 ? rest.length() : colon;
            if (index % 2 == 0) {
                for (int i = start; i < end; i++) {
                    char c = rest.charAt(i);
                    if (c == '*' || c == '?') {
                        return false;
                    }
                }
            }
            if (colon < 0) {
                return true;
            }
            start = colon + 1;
            index++;
        }
    }

    /** Policy-dialect tokens: folded literal code points (≥ 0) and wildcard codes (< 0); star runs collapsed. */
    static int[] tokenize(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] tokens = new int[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            int token;
            if (cp == '*' && i + 1 < cps.length && cps[i + 1] == '*') {
                token = RUN_ANY;
                i++;
            } else if (cp == '*') {
                token = RUN_EXCEPT_COLON;
            } else if (cp == '?') {
                token = ONE_EXCEPT_COLON;
            } else {
                token = fold(cp);
            }
            boolean isRun = token == RUN_ANY || token == RUN_EXCEPT_COLON;
            boolean previousIsRun = n > 0 && (tokens[n - 1] == RUN_ANY || tokens[n - 1] == RUN_EXCEPT_COLON);
            if (isRun && previousIsRun) {
                // Adjacent runs ("***" = "**" then "*") always contain a "**", which absorbs the other run.
                tokens[n - 1] = RUN_ANY;
            } else {
                tokens[n++] = token;
            }
        }
        return Arrays.copyOf(tokens, n);
    }

    /** The subject's code points, case-folded. */
    static int[] fold(String text) {
        return text.codePoints().map(SubjectPattern::fold).toArray();
    }

    static int fold(int codePoint) {
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    /**
     * Whole-string match of tokens against folded subject code points, by dynamic programming: after processing
     * {@code i} tokens, {@code row[j]} says whether they match the first {@code j} subject characters. Runs in
     * O(tokens × subject) time and O(subject) memory, without backtracking. Shared by both dialects.
     */
    static boolean match(int[] tokens, int[] subject) {
        int m = subject.length;
        boolean[] row = new boolean[m + 1];
        boolean[] next = new boolean[m + 1];
        row[0] = true;
        for (int token : tokens) {
            boolean any = false;
            switch (token) {
                case RUN_ANY -> {
                    next[0] = row[0];
                    for (int j = 1; j <= m; j++) {
                        next[j] = row[j] || next[j - 1];
                    }
                }
                case RUN_EXCEPT_COLON -> {
                    next[0] = row[0];
                    for (int j = 1; j <= m; j++) {
                        next[j] = row[j] || (next[j - 1] && subject[j - 1] != COLON);
                    }
                }
                case RUN_ANY_NON_EMPTY -> {
                    next[0] = false;
                    for (int j = 1; j <= m; j++) {
                        next[j] = row[j - 1] || next[j - 1];
                    }
                }
                case ONE_EXCEPT_COLON -> {
                    next[0] = false;
                    for (int j = 1; j <= m; j++) {
                        next[j] = row[j - 1] && subject[j - 1] != COLON;
                    }
                }
                case ONE_ANY -> {
                    next[0] = false;
                    System.arraycopy(row, 0, next, 1, m);
                }
                default -> {
                    next[0] = false;
                    for (int j = 1; j <= m; j++) {
                        next[j] = row[j - 1] && subject[j - 1] == token;
                    }
                }
            }
            for (int j = 0; j <= m && !any; j++) {
                any = next[j];
            }
            if (!any) {
                return false;
            }
            boolean[] swap = row;
            row = next;
            next = swap;
        }
        return row[m];
    }
}
