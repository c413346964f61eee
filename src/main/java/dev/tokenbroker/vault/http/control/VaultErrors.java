package dev.tokenbroker.vault.http.control;

import dev.tokenbroker.vault.logical.entity.VaultException;

/**
 * The one place where a kind of Vault error becomes an HTTP status, as in Vault's {@code sdk/logical/response_util.go}
 * (vault-api.md §1.7). Handlers and control code say what went wrong; only this says how it is answered.
 */
public final class VaultErrors {

    private VaultErrors() {
    }

    public static int status(VaultException.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> 400;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case UNSUPPORTED_OPERATION -> 405;
            case REQUEST_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case INTERNAL -> 500;
            case UNAVAILABLE -> 503;
        };
    }
}
