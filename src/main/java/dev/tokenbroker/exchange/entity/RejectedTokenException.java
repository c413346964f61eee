package dev.tokenbroker.exchange.entity;

import java.time.Duration;
import java.util.Optional;

/**
 * A workflow's credential was refused (actions-exchange.md §3.5): 401 with the contract's reason, or 503 with a
 * {@code Retry-After} when the issuer's signing keys could never be obtained.
 */
public class RejectedTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Optional<Duration> retryAfter;

    private RejectedTokenException(int status, String message, Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static RejectedTokenException unauthorized(String message) {
        return new RejectedTokenException(401, message, Optional.empty());
    }

    public static RejectedTokenException keysUnavailable(Duration retryAfter) {
        return new RejectedTokenException(503, "Unable to obtain OIDC signing keys; retry later", Optional.of(retryAfter));
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
