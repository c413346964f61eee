package dev.tokenbroker.exchange.entity;

import java.util.List;

/** The request body broke the contract; {@link #getMessage()} is the 400 message with one line per issue. */
public class InvalidRequestException extends RuntimeException {

    private final List<String> issues;

    public InvalidRequestException(List<String> issues) {
        super("Invalid request body:\n" + String.join("\n", issues));
        this.issues = List.copyOf(issues);
    }

    /** Each issue as {@code "  - path: text"} or {@code "  - text"} for the root. */
    public List<String> issues() {
        return issues;
    }
}
