package dev.tokenbroker.exchange.boundary;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;

/**
 * The id of the current request: the caller's {@code X-Request-Id} (configurable) when it is 1–255 characters of
 * {@code [A-Za-z0-9_=-]}, else a new UUID. It is echoed on every response and put on every log line and audit event.
 */
@RequestScoped
public class RequestId {

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9_=-]{1,255}");

    private String value;

    public static String choose(String offered) {
        return offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    public String value() {
        if (value == null) {
            value = UUID.randomUUID().toString();
        }
        return value;
    }

    void set(String value) {
        this.value = value;
    }
}
