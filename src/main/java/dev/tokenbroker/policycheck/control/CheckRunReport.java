package dev.tokenbroker.policycheck.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tokenbroker.github.entity.CheckAnnotation;
import dev.tokenbroker.github.entity.CheckRun;
import dev.tokenbroker.policy.entity.Finding;

/**
 * A check run from the findings of each changed policy file: {@code failure} when a file has an error or cannot be
 * read, else {@code success}; one annotation per finding on its line (the file's first line when the finding has
 * none), {@code failure} for errors and {@code warning} for warnings; the summary lists every file. Pure.
 */
public final class CheckRunReport {

    public static final String NAME = "access-token policy";

    private CheckRunReport() {
    }

    /**
     * @param findings   each readable file's findings, by path
     * @param unreadable each file that could not be read, by path, with why
     */
    public static CheckRun of(String headSha, Map<String, List<Finding>> findings, Map<String, String> unreadable) {
        List<CheckAnnotation> annotations = new ArrayList<>();
        int errors = 0;
        int warnings = 0;
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<String, List<Finding>> file : findings.entrySet()) {
            int fileErrors = 0;
            int fileWarnings = 0;
            for (Finding f : file.getValue()) {
                boolean error = f.severity() == Finding.Severity.ERROR;
                fileErrors += error ? 1 : 0;
                fileWarnings += error ? 0 : 1;
                int line = Math.max(1, f.line());
                String message = f.message() + (f.path().isEmpty() ? "" : " [" + f.path() + "]")
                        + f.suggestion().map(s -> " Did you mean '" + s + "'?").orElse("");
                annotations.add(new CheckAnnotation(file.getKey(), line, line, error ? "failure" : "warning",
                        error ? "Policy error" : "Policy warning", message));
            }
            errors += fileErrors;
            warnings += fileWarnings;
            summary.append("- `").append(file.getKey()).append("`: ").append(count(fileErrors, "error")).append(", ")
                    .append(count(fileWarnings, "warning")).append('\n');
        }
        for (Map.Entry<String, String> file : unreadable.entrySet()) {
            errors++;
            annotations.add(new CheckAnnotation(file.getKey(), 1, 1, "failure", "Policy file unreadable", file.getValue()));
            summary.append("- `").append(file.getKey()).append("`: cannot be read: ").append(file.getValue()).append('\n');
        }
        String title = count(errors, "error") + ", " + count(warnings, "warning");
        return new CheckRun(NAME, headSha, errors > 0 ? "failure" : "success", title,
                "The broker read the access-token policy files this change touches as it would read them for an "
                        + "exchange.\n\n" + summary, annotations);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
