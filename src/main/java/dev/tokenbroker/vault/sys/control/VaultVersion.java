package dev.tokenbroker.vault.sys.control;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.BrokerVersion;
import dev.tokenbroker.platform.control.Settings;

/**
 * The version the Vault API reports ({@code broker.vault.health.version}, by default the broker's own), for
 * {@code sys/health}, {@code sys/seal-status} and the mounts' plugin versions.
 */
@ApplicationScoped
public class VaultVersion {

    static final String KEY = "broker.vault.health.version";
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    @Inject
    Settings settings;

    @Inject
    BrokerVersion broker;

    public VaultVersion() {
    }

    /** For use without a container. */
    public VaultVersion(Settings settings, BrokerVersion broker) {
        this.settings = settings;
        this.broker = broker;
    }

    /** As configured, for {@code sys/health}. */
    public String reported() {
        return settings.text(KEY, broker.version());
    }

    /**
     * A semantic version, for clients that parse it (Terraform's provider panics on anything else): the reported one
     * when it is one, else {@code 0.0.0}.
     */
    public String semantic() {
        String reported = reported().trim();
        return SEMVER.matcher(reported).matches() ? reported : "0.0.0";
    }

    /** When the WAR was built (RFC 3339), or the epoch when not known. */
    public String buildDate() {
        return broker.built().isEmpty() ? "1970-01-01T00:00:00Z" : broker.built();
    }
}
