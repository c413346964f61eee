package dev.tokenbroker.policy.control;

import java.util.List;
import java.util.Map;

/**
 * The 403 message grammar of actions-exchange.md §8.3: one block of issues per owner or repository, then the
 * effective subjects, so that the workflow's log shows what was wrong and what it was matched as.
 */
public final class DenialMessage {

    private DenialMessage() {
    }

    /** @param issues target ({@code owner} or {@code owner/repo}) to its issue lines, in order */
    public static String of(Map<String, List<String>> issues, List<String> subjects) {
        StringBuilder m = new StringBuilder("Issues:");
        issues.forEach((target, items) -> {
            m.append("\n- ").append(target).append(':');
            items.forEach(i -> m.append("\n  - ").append(i));
        });
        m.append("\nEffective OIDC token subjects:");
        subjects.forEach(s -> m.append("\n- ").append(s));
        return m.toString();
    }

    public static String of(String target, List<String> items, List<String> subjects) {
        return of(Map.of(target, items), subjects);
    }
}
