package dev.tokenbroker.github.entity;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A finished check run to post on a commit: its name in the pull request's checks, the commit, the verdict and the
 * output (title, Markdown summary, annotations). The adapter sends it as completed, the annotations in GitHub's
 * batches of 50, at most {@code 1000} of them.
 *
 * @param headSha    the commit, 40 or 64 hexadecimal digits
 * @param conclusion {@code success}, {@code failure} or {@code neutral}
 */
public record CheckRun(String name, String headSha, String conclusion, String title, String summary,
                       List<CheckAnnotation> annotations) {

    /** The conclusions a policy check gives (GitHub knows more, e.g. {@code action_required}, which it does not need). */
    public static final Set<String> CONCLUSIONS = Set.of("success", "failure", "neutral");

    public CheckRun {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a check run needs a name");
        }
        Objects.requireNonNull(headSha, "headSha");
        if (!CONCLUSIONS.contains(conclusion)) {
            throw new IllegalArgumentException("check run conclusion must be one of success, failure, neutral: " + conclusion);
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a check run needs an output title");
        }
        Objects.requireNonNull(summary, "summary");
        annotations = annotations == null ? List.of() : List.copyOf(annotations);
    }
}
