package dev.tokenbroker.vault.logical.entity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Vault error: what kind of failure it is and its messages. Which status each kind gets is decided in one place,
 * {@code http.control.VaultErrors} (as Vault's {@code sdk/logical/response_util.go} does).
 * <p>
 * Vault prints failures of ordinary requests as a go-multierror list ("wrapped", {@code 1 error occurred:\n\t*
 * msg\n\n}); error responses a handler returns, validation results and every login error are sent as they are
 * ("plain"). See vault-api.md §1.7.
 */
public class VaultException extends RuntimeException {

    /** What went wrong, in Vault's terms; never a status. */
    public enum Kind {
        /** The request itself is wrong: a malformed or missing field, a rule it breaks (Vault's ErrInvalidRequest). */
        INVALID_REQUEST,
        /** The caller may not do this, or its token is not valid (ErrPermissionDenied). */
        PERMISSION_DENIED,
        /** No such path, item or entry; also an empty list (ErrUnsupportedPath, a nil response). */
        NOT_FOUND,
        /** The path exists but not for this operation (ErrUnsupportedOperation). */
        UNSUPPORTED_OPERATION,
        /** A body over the size the API accepts. */
        REQUEST_TOO_LARGE,
        /** A body that is not JSON or a form. */
        UNSUPPORTED_MEDIA_TYPE,
        /** The handler failed: GitHub refused or could not be asked, the keys are unusable (Vault's 500). */
        INTERNAL,
        /** Refused without trying, for now: GitHub's breaker is open or too many calls are in flight. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final List<String> messages;
    private final boolean wrapped;
    private final Duration retryAfter;

    private VaultException(Kind kind, List<String> messages, boolean wrapped, Duration retryAfter) {
        super(messages.isEmpty() ? "(no message)" : String.join("; ", messages));
        this.kind = kind;
        this.messages = List.copyOf(messages);
        this.wrapped = wrapped;
        this.retryAfter = retryAfter;
    }

    /** The request is wrong; the message is sent as is. The most common error of all. */
    public static VaultException invalid(String message) {
        return plain(Kind.INVALID_REQUEST, message);
    }

    /** The handler failed; the messages are sent as a multierror list. */
    public static VaultException failed(String... messages) {
        return wrapped(Kind.INTERNAL, messages);
    }

    /**
     * The broker refuses to call GitHub right now (its circuit breaker is open or too many calls are in flight), so the
     * request was not attempted; answered with {@code Retry-After}. Vault's clients treat 503 as "try again later".
     */
    public static VaultException unavailable(boolean plain, String message, Duration retryAfter) {
        return new VaultException(Kind.UNAVAILABLE, List.of(message), !plain, retryAfter);
    }

    /** An error the handler reports as its result, sent as is. */
    public static VaultException plain(Kind kind, String message) {
        return new VaultException(kind, List.of(message), false, null);
    }

    /** A failure the handler raises, or a denial, sent as a multierror list. */
    public static VaultException wrapped(Kind kind, String... messages) {
        return new VaultException(kind, List.of(messages), true, null);
    }

    /** {@code {"errors":[]}}. */
    public static VaultException empty(Kind kind) {
        return new VaultException(kind, List.of(), false, null);
    }

    public static VaultException permissionDenied() {
        return wrapped(Kind.PERMISSION_DENIED, "permission denied");
    }

    /** When to try again, for an {@link Kind#UNAVAILABLE} that knows it. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Kind kind() {
        return kind;
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
