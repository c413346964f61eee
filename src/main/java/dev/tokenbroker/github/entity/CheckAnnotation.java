package dev.tokenbroker.github.entity;

import java.util.Objects;
import java.util.Set;

/**
 * One finding shown on a line range of a file in a check run's output (GitHub's annotations object). A title over
 * 255 characters and a message over 64 KB are shortened when sent, as GitHub refuses longer ones.
 *
 * @param path      the file's path in the repository, e.g. {@code .github/access-token.yaml}
 * @param startLine the first line, from 1 (GitHub refuses line 0: use 1 for a finding about the whole file)
 * @param endLine   the last line, at least {@code startLine}
 * @param level     {@code notice}, {@code warning} or {@code failure}
 * @param title     a short title, or null for none
 * @param message   what is wrong, not blank
 */
public record CheckAnnotation(String path, int startLine, int endLine, String level, String title, String message) {

    /** The levels GitHub accepts for {@code annotation_level}. */
    public static final Set<String> LEVELS = Set.of("notice", "warning", "failure");

    public CheckAnnotation {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("an annotation needs the file's path");
        }
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("annotation lines must start at 1 and not end before they start: "
                    + startLine + "-" + endLine);
        }
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("annotation level must be one of notice, warning, failure: " + level);
        }
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("an annotation needs a message");
        }
    }
}
