package dev.tokenbroker.platform.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;

/** The broker's version as Maven built it, for the User-Agent and for diagnostics. */
@ApplicationScoped
public class BrokerVersion {

    private final String version;
    private final String built;

    public BrokerVersion() {
        Properties p = new Properties();
        try (InputStream in = BrokerVersion.class.getResourceAsStream("/dev/tokenbroker/broker-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.version = p.getProperty("version", "unknown");
        this.built = p.getProperty("built", "");
    }

    /** When the WAR was built, RFC 3339 in UTC, or empty when not known (a build outside Maven). */
    public String built() {
        return built.startsWith("$") ? "" : built;
    }

    public String version() {
        return version;
    }
}
