package dev.tokenbroker.exchange.boundary;

import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.tokenbroker.platform.control.CachedJson;

/**
 * The error shape of the workflow exchange, as qoomon's action reads it (actions-exchange.md §2.6):
 * {@code {"requestId","status","error","message"}} with a non-empty message for every status.
 */
public final class ExchangeErrors {

    private static final Map<Integer, String> REASONS = Map.of(
            400, "Bad Request", 401, "Unauthorized", 403, "Forbidden", 404, "Not Found",
            413, "Request Entity Too Large", 429, "Too Many Requests", 500, "Internal Server Error",
            503, "Service Unavailable");

    private ExchangeErrors() {
    }

    public static Response of(int status, String message, String requestId) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json(status, message, requestId))
                .build();
    }

    /** For 429 and 503: the action retries these; {@code Retry-After} tells other clients when. */
    public static Response retryLater(int status, String message, Duration retryAfter, String requestId) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", seconds)
                .entity(json(status, message, requestId))
                .build();
    }

    static String json(int status, String message, String requestId) {
        return CachedJson.createObjectBuilder()
                .add("requestId", requestId)
                .add("status", status)
                .add("error", REASONS.getOrDefault(status, "Error"))
                .add("message", message == null || message.isBlank() ? REASONS.getOrDefault(status, "Error") : message)
                .build().toString();
    }
}
