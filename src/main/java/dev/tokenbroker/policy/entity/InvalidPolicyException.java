package dev.tokenbroker.policy.entity;

import java.util.List;

/**
 * An access-policy file cannot be used at all (spec §5.5, "Fatal" column): the caller reports
 * {@code Invalid access policy} and lists {@link #details()} underneath, so each detail is written for the policy
 * author and says what to fix. Details are single lines and quote at most a short excerpt of the file.
 */
public class InvalidPolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> details;

    public InvalidPolicyException(List<String> details) {
        super(message(List.copyOf(details)));
        this.details = List.copyOf(details);
    }

    public InvalidPolicyException(String detail) {
        this(List.of(detail));
    }

    /** What is wrong, one entry per problem, in the order found; unmodifiable. */
    public List<String> details() {
        return details;
    }

    private static String message(List<String> details) {
        return details.isEmpty() ? "Invalid access policy" : "Invalid access policy: " + String.join("; ", details);
    }
}
