package dev.tokenbroker.policy.entity;

import java.util.Optional;

/**
 * One thing a policy file's validation found: an {@code ERROR} (the file, or this entry, does not work as written) or
 * a {@code WARNING} (it works, but probably not as meant), where (the YAML path, and line and column from 1 when
 * known, else 0), what, and a suggested fix when there is an obvious one.
 */
public record Finding(Severity severity, String path, int line, int column, String message, Optional<String> suggestion) {

    public enum Severity { ERROR, WARNING }

    /** {@code file:line:column: error: message (did you mean 'write'?)}, as compilers and linters write it. */
    public String render(String file) {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message
                + (path.isEmpty() ? "" : " [" + path + "]")
                + suggestion.map(s -> " (did you mean '" + s + "'?)").orElse("");
    }
}
