package dev.tokenbroker.vault.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonValue;

/**
 * One request to {@code /v1}: the operation, the request path after {@code /v1/} (list requests end in {@code /}),
 * the request data (body or query string, as JSON values), the presented token and the client address.
 */
public record VaultRequest(Operation operation, String path, Map<String, JsonValue> data, Optional<String> token,
                           String clientAddress) {

    public VaultRequest {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public VaultRequest withOperation(Operation other) {
        return new VaultRequest(other, path, data, token, clientAddress);
    }

    @Override
    public String toString() {
        return "VaultRequest[" + operation + " " + path + ", fields=" + data.keySet() + "]";
    }
}
