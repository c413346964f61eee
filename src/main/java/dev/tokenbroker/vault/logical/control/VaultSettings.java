package dev.tokenbroker.vault.logical.control;

import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Durations;
import dev.tokenbroker.platform.control.Settings;

/** The Vault API's own settings (vault-api.md §0.4); durations in the broker's one grammar, as whole seconds. */
@ApplicationScoped
public class VaultSettings {

    static final long DEFAULT_768H = 768 * 3600;

    @Inject
    Settings settings;

    @Inject
    ConfigurationProblems problems;

    static final String LEASE_REVOKE_BACKOFF = "broker.vault.lease-revoke-backoff";
    public static final String REAPER_INTERVAL = "broker.vault.reaper-interval";

    private long defaultTtl;
    private long maxTtl;
    private long leaseRevokeBackoff;
    private boolean excludeRepositoryMetadata;
    private Duration reaperInterval;

    public VaultSettings() {
    }

    /** Settings read at once, for use without a container. */
    public VaultSettings(Settings settings, ConfigurationProblems problems) {
        this.settings = settings;
        this.problems = problems;
        read();
    }

    @PostConstruct
    void read() {
        defaultTtl = duration("broker.vault.default-lease-ttl", DEFAULT_768H);
        maxTtl = duration("broker.vault.max-lease-ttl", DEFAULT_768H);
        leaseRevokeBackoff = duration(LEASE_REVOKE_BACKOFF, 10);
        if (leaseRevokeBackoff < 1) {
            problems.report(LEASE_REVOKE_BACKOFF, LEASE_REVOKE_BACKOFF + ": must be at least 1s; using 1s");
            leaseRevokeBackoff = 1;
        }
        String exclude = settings.text("broker.vault.github.exclude-repository-metadata", "false").trim();
        if (!exclude.equals("true") && !exclude.equals("false")) {
            problems.report("broker.vault.github.exclude-repository-metadata",
                    "broker.vault.github.exclude-repository-metadata must be true or false; using false");
        }
        excludeRepositoryMetadata = exclude.equals("true");
        reaperInterval = settings.positiveDuration(REAPER_INTERVAL, Duration.ofSeconds(10));
    }

    /**
     * Whole seconds, in the one duration grammar of {@code broker.*} settings ({@link Durations}: {@code 30},
     * {@code 250ms}, {@code 90s}, {@code 768h}...). Vault counts TTLs in whole seconds, so a fraction is rounded up and
     * reported rather than silently dropped ({@code 250ms} used to become 0 here).
     */
    private long duration(String key, long fallback) {
        Optional<String> text = settings.text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Duration value;
        try {
            value = Durations.parse(text.get());
        } catch (IllegalArgumentException e) {
            problems.report(key, key + ": " + e.getMessage() + "; using " + VaultDurations.format(fallback));
            return fallback;
        }
        long seconds = value.toSeconds();
        if (value.getNano() > 0) {
            seconds++;
            problems.report(key, key + ": " + text.get().trim() + " is not a whole number of seconds, which Vault counts in; "
                    + "using " + VaultDurations.format(seconds));
        }
        return seconds;
    }

    /** The "system default TTL" (Vault's {@code default_lease_ttl}). */
    public long defaultTtl() {
        return defaultTtl;
    }

    /** The "system max TTL" (Vault's {@code max_lease_ttl}). */
    public long maxTtl() {
        return maxTtl;
    }

    /** The first retry delay of a failed lease revocation; each further one doubles (vault-api.md §7.7). */
    public long leaseRevokeBackoff() {
        return leaseRevokeBackoff;
    }

    /** How often expired tokens and leases are cleaned up and failed revocations retried (vault-api.md §5.9, §7.7). */
    public Duration reaperInterval() {
        return reaperInterval;
    }

    /** Whether minted tokens' {@code repositories} are reduced to names (the plugin's flag of that name, §7.2). */
    public boolean excludeRepositoryMetadata() {
        return excludeRepositoryMetadata;
    }
}
