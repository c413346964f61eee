package dev.tokenbroker.policycheck.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.Settings;

/**
 * The GitHub App's webhook secret: {@code broker.github.webhook-secret}, or the first line of the file
 * {@code broker.github.webhook-secret-file}. Without one the webhook endpoint refuses every delivery (503 naming the
 * keys): an unsigned delivery is never processed. A secret shorter than 16 characters is refused as a configuration
 * problem.
 */
@ApplicationScoped
public class WebhookSettings {

    public static final String SECRET = "broker.github.webhook-secret";
    public static final String SECRET_FILE = "broker.github.webhook-secret-file";
    static final int MIN_SECRET = 16;

    @Inject
    Settings settings;

    private byte[] secret;

    @PostConstruct
    void read() {
        Optional<String> value = settings.text(SECRET).filter(s -> !s.isBlank());
        Optional<String> file = settings.text(SECRET_FILE).filter(s -> !s.isBlank());
        String read = null;
        if (value.isPresent()) {
            read = value.get().trim();
        } else if (file.isPresent()) {
            try {
                read = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            } catch (IOException | RuntimeException e) {
                settings.report(SECRET_FILE, SECRET_FILE + ": the webhook secret file cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (read != null && read.length() < MIN_SECRET) {
            settings.report(value.isPresent() ? SECRET : SECRET_FILE, "the webhook secret must be at least " + MIN_SECRET
                    + " characters; webhooks are refused");
            read = null;
        }
        secret = read == null ? null : read.getBytes(StandardCharsets.UTF_8);
    }

    /** The secret's bytes, when one is configured. */
    public Optional<byte[]> secret() {
        return Optional.ofNullable(secret).map(byte[]::clone);
    }
}
