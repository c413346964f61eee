package dev.tokenbroker.policy.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites statement subject patterns when a policy file is loaded (contract §7.2), so that the short forms policy
 * authors have written for the peer keep working. It applies to {@code statements[].subjects} only;
 * {@code allowed-subjects} entries are used as written (peer parity).
 *
 * <ol>
 *   <li><b>{@code ${origin}}</b> (exact, case-sensitive) becomes the {@code owner/repo} of the <em>file's own</em>
 *       repository, every occurrence. In an owner policy that is {@code <owner>/.github-access-token}, not the caller.
 *   <li><b>Legacy variant.</b> The pattern {@code p} is kept and a variant may be added. {@code S} is the value of the
 *       first {@code repo} claim in {@code p} (or the file's own {@code owner/repo} when there is none or it is
 *       empty). If {@code p} does not start with {@code repo:}, the variant is {@code repo:S:<p>}, else {@code p}
 *       itself. Within the variant, if the value of the first {@code workflow_ref} or {@code job_workflow_ref} claim
 *       starts with {@code /}, {@code S} is prefixed to it. The variant is added only if it differs from {@code p}.
 * </ol>
 *
 * <p>Claims are located as the matcher's claim-name guard sees them: split on {@code :}, names at even indexes,
 * each followed by its value. Claim names are recognised case-insensitively ({@code REPO:} counts as {@code repo:}),
 * because matching is case-insensitive too.
 *
 * <p>Examples, in {@code octocat/playground}: {@code ref:refs/heads/main} gives itself plus
 * {@code repo:octocat/playground:ref:refs/heads/main}; {@code workflow_ref:/.github/workflows/deploy.yml@refs/heads/main}
 * gives itself plus
 * {@code repo:octocat/playground:workflow_ref:octocat/playground/.github/workflows/deploy.yml@refs/heads/main};
 * {@code repo:${origin}:ref:refs/heads/*} gives only {@code repo:octocat/playground:ref:refs/heads/*}.
 */
public final class PatternRewriter {

    static final String ORIGIN_VARIABLE = "${origin}";

    private PatternRewriter() {
    }

    /** The effective patterns for one written statement pattern: the substituted pattern, then any legacy variant. */
    public static List<String> effectivePatterns(String written, String fileOrigin) {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(fileOrigin, "fileOrigin");
        String pattern = written.replace(ORIGIN_VARIABLE, fileOrigin);
        String variant = legacyVariant(pattern, fileOrigin);
        return variant.equals(pattern) ? List.of(pattern) : List.of(pattern, variant);
    }

    /** Step 2 of §7.2 for an already substituted pattern; returns the pattern itself when nothing changes. */
    static String legacyVariant(String pattern, String fileOrigin) {
        List<String> elements = split(pattern);
        String repository = fileOrigin;
        for (int i = 0; i + 1 < elements.size(); i += 2) {
            if (elements.get(i).equalsIgnoreCase("repo")) {
                if (!elements.get(i + 1).isEmpty()) {
                    repository = elements.get(i + 1);
                }
                break;
            }
        }
        List<String> variant = new ArrayList<>(elements.size() + 2);
        if (!pattern.regionMatches(true, 0, "repo:", 0, 5)) {
            variant.add("repo");
            variant.add(repository);
        }
        variant.addAll(elements);
        for (int i = 0; i + 1 < variant.size(); i += 2) {
            String name = variant.get(i);
            if (name.equalsIgnoreCase("workflow_ref") || name.equalsIgnoreCase("job_workflow_ref")) {
                String value = variant.get(i + 1);
                if (value.startsWith("/")) {
                    variant.set(i + 1, repository + value);
                }
                break;
            }
        }
        return String.join(":", variant);
    }

    /** Splits on every {@code :}, keeping empty elements. */
    static List<String> split(String pattern) {
        List<String> elements = new ArrayList<>();
        int start = 0;
        while (true) {
            int colon = pattern.indexOf(':', start);
            if (colon < 0) {
                elements.add(pattern.substring(start));
                return elements;
            }
            elements.add(pattern.substring(start, colon));
            start = colon + 1;
        }
    }
}
