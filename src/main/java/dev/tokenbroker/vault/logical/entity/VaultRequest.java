package dev.tokenbroker.vault.logical.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonValue;

/**
 * One request to {@code /v1}: the operation, the request path after {@code /v1/} (list requests end in {@code /}),
 * the request data (body or query string, as JSON values), the presented token, the client address, and the caller's
 * token once the guard has resolved it.
 */
public record VaultRequest(Operation operation, String path, Map<String, JsonValue> data, Optional<String> token,
                           String clientAddress, Optional<TokenInfo> caller) {

    public VaultRequest {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public VaultRequest withOperation(Operation other) {
        return new VaultRequest(other, path, data, token, clientAddress, caller);
    }

    public VaultRequest withCaller(TokenInfo token) {
        return new VaultRequest(operation, path, data, this.token, clientAddress, Optional.of(token));
    }

    /** The caller's token; present on every authenticated route. */
    public TokenInfo callerToken() {
        return caller.orElseThrow(VaultException::permissionDenied);
    }

    @Override
    public String toString() {
        return "VaultRequest[" + operation + " " + path + ", fields=" + data.keySet() + "]";
    }
}
