package dev.tokenbroker.platform.control;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

/**
 * Typed reads of {@code broker.*} settings through MicroProfile Config, so that every key can also be set as an
 * environment variable. A value that does not parse is reported to {@link ConfigurationProblems} and the default is
 * used, instead of failing the deployment.
 */
@ApplicationScoped
public class Settings {

    private static final Logger LOG = LogLines.logger(Settings.class);

    private final Config config;
    private final ConfigurationProblems problems;

    /** For CDI's client proxy only. */
    protected Settings() {
        this(null, null);
    }

    @Inject
    public Settings(Config config, ConfigurationProblems problems) {
        this.config = config;
        this.problems = problems;
    }

    public Optional<String> text(String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String text(String key, String defaultValue) {
        return text(key).orElse(defaultValue);
    }

    public Duration duration(String key, Duration defaultValue) {
        Optional<String> raw = text(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Durations.parse(raw.get());
        } catch (IllegalArgumentException e) {
            return fallback(key, e.getMessage(), defaultValue);
        }
    }

    /** A duration that must be more than zero; zero is reported like a value that does not parse. */
    public Duration positiveDuration(String key, Duration defaultValue) {
        Duration d = duration(key, defaultValue);
        return d.isZero() ? fallback(key, "must be more than zero", defaultValue) : d;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> raw = text(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                return fallback(key, "must be between " + min + " and " + max, defaultValue);
            }
            return value;
        } catch (NumberFormatException e) {
            return fallback(key, "is not a whole number", defaultValue);
        }
    }

    /** A setting that cannot work, whatever its value: logged, and readiness is DOWN naming it. */
    public void report(String key, String message) {
        LOG.warning(message);
        problems.report(key, message);
    }

    /**
     * A key the broker no longer reads (e.g. a MicroProfile FT parameter of an annotation it dropped): when still set,
     * it would silently do nothing, so it is reported like a setting that cannot work, naming what replaced it.
     */
    public void reportIfSet(String retiredKey, String replacedBy) {
        if (text(retiredKey).isPresent()) {
            report(retiredKey, retiredKey + ": no longer used; " + replacedBy);
        }
    }

    private <T> T fallback(String key, String why, T defaultValue) {
        String message = key + ": " + why + "; using the default " + defaultValue;
        LOG.warning(message);
        problems.report(key, message);
        return defaultValue;
    }
}
