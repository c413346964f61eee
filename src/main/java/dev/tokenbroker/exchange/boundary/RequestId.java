package dev.tokenbroker.exchange.boundary;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import dev.tokenbroker.platform.control.CurrentRequest;

/**
 * The id of the current request: the caller's {@code X-Request-Id} (configurable) when it is 1–255 characters of
 * {@code [A-Za-z0-9_=-]}, else a new UUID. It is echoed on every response and put on every log line and audit event.
 */
@RequestScoped
public class RequestId {

    private String value;

    public static String choose(String offered) {
        return CurrentRequest.choose(offered);
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
