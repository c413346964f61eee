package dev.tokenbroker.github.control;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.github.entity.Installation;
import dev.tokenbroker.platform.control.ExpiringCache;
import dev.tokenbroker.platform.control.Metrics;

/**
 * Installations by owner and by repository (lower-cased keys: logins are case-insensitive). Found installations are
 * kept {@code broker.exchange.installation.ttl} (300 s), "not installed" answers
 * {@code broker.exchange.installation.negative-ttl} (60 s). When GitHub says an installation is gone (a mint answers
 * 404, 401, 422 or a plain 403), every entry with its id is dropped, so the next call looks it up afresh.
 */
@ApplicationScoped
public class InstallationCache {

    private static final int MAX_ENTRIES = 10_000;

    @Inject
    Clock clock;

    @Inject
    GitHubSettings settings;

    private ExpiringCache<String, Optional<Installation>> byOwner;
    private ExpiringCache<String, Optional<Installation>> byRepository;

    @Inject
    Metrics metrics;

    @PostConstruct
    void create() {
        byOwner = new ExpiringCache<>(clock, MAX_ENTRIES);
        byRepository = new ExpiringCache<>(clock, MAX_ENTRIES);
        metrics.cache("installations_by_owner", byOwner);
        metrics.cache("installations_by_repository", byRepository);
    }

    /** Made at start-up, so its metrics are there before the first request. */
    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // nothing else: being created registers the metrics
    }

    Optional<Installation> forOwner(String owner, Supplier<Optional<Installation>> lookup) {
        return byOwner.get(owner.toLowerCase(Locale.ROOT), lookup, this::ttl);
    }

    Optional<Installation> forRepository(String owner, String repository, Supplier<Optional<Installation>> lookup) {
        return byRepository.get((owner + "/" + repository).toLowerCase(Locale.ROOT), lookup, this::ttl);
    }

    /** Forget every entry naming this installation, e.g. after GitHub refused a mint for it. */
    public void evict(long installationId) {
        byOwner.removeIf(i -> i.isPresent() && i.get().id() == installationId);
        byRepository.removeIf(i -> i.isPresent() && i.get().id() == installationId);
    }

    private Duration ttl(Optional<Installation> installation) {
        return installation.isPresent() ? settings.installationTtl() : settings.installationNegativeTtl();
    }
}
