package dev.tokenbroker.vault.logical.entity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Vault error answer: a status and its messages. Vault prints failures of ordinary requests as a go-multierror
 * list ("wrapped", {@code 1 error occurred:\n\t* msg\n\n}); validation results and every login error are sent as they
 * are ("plain"). See vault-api.md §1.7.
 */
public class VaultException extends RuntimeException {

    private final int status;
    private final List<String> messages;
    private final boolean wrapped;
    private final Duration retryAfter;

    private VaultException(int status, List<String> messages, boolean wrapped) {
        this(status, messages, wrapped, null);
    }

    private VaultException(int status, List<String> messages, boolean wrapped, Duration retryAfter) {
        super(messages.isEmpty() ? "(no message)" : String.join("; ", messages));
        this.status = status;
        this.messages = List.copyOf(messages);
        this.wrapped = wrapped;
        this.retryAfter = retryAfter;
    }

    /**
     * 503 with {@code Retry-After}: the broker refuses to call GitHub right now (its circuit breaker is open or too many
     * calls are in flight), so the request was not attempted. Vault's clients treat 503 as "try again later".
     */
    public static VaultException unavailable(boolean plain, String message, Duration retryAfter) {
        return new VaultException(503, List.of(message), !plain, retryAfter);
    }

    /** An error the handler reports as its result, sent as is. */
    public static VaultException plain(int status, String message) {
        return new VaultException(status, List.of(message), false);
    }

    /** A failure the handler raises, or a denial, sent as a multierror list. */
    public static VaultException wrapped(int status, String... messages) {
        return new VaultException(status, List.of(messages), true);
    }

    /** {@code {"errors":[]}}. */
    public static VaultException empty(int status) {
        return new VaultException(status, List.of(), false);
    }

    public static VaultException permissionDenied() {
        return wrapped(403, "permission denied");
    }

    /** When to try again, for a 503 that knows it. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public int status() {
        return status;
    }

    /** The strings of the {@code errors} array. */
    public List<String> errors() {
        if (messages.isEmpty()) {
            return List.of();
        }
        if (!wrapped) {
            return messages;
        }
        StringBuilder b = new StringBuilder();
        b.append(messages.size()).append(messages.size() == 1 ? " error occurred:\n" : " errors occurred:\n");
        messages.forEach(m -> b.append("\t* ").append(m).append('\n'));
        return List.of(b.append('\n').toString());
    }
}
