package dev.tokenbroker.github.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.github.entity.GitHubCredential;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;

/**
 * Remembers, per credential (the App JWT, each installation or personal token), until when GitHub has told us to
 * stop: an exhausted primary quota until its reset, a secondary limit until its {@code retry-after}. While closed,
 * calls with that credential are not made at all; GitHub warns that calling on while limited may get an integration
 * banned.
 */
@ApplicationScoped
public class RateLimitGate {

    private static final int MAX_ENTRIES = 10_000;

    @Inject
    Clock clock;

    private final Map<String, Instant> closedUntil = new ConcurrentHashMap<>();

    /** Throws when the credential's gate is closed. */
    void check(GitHubCredential credential, String call) {
        Instant until = closedUntil.get(credential.id());
        if (until == null) {
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(until)) {
            throw new GitHubRateLimitedException(call + " (not sent: limit still in force)", 429, true,
                    roundUp(Duration.between(now, until)), "");
        }
        closedUntil.remove(credential.id(), until);
    }

    /** Closes the gate for this credential for {@code duration} from now (never shortens a longer closure). */
    void close(GitHubCredential credential, Duration duration) {
        if (closedUntil.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            closedUntil.values().removeIf(until -> !now.isBefore(until));
        }
        Instant until = clock.instant().plus(duration);
        closedUntil.merge(credential.id(), until, (a, b) -> a.isAfter(b) ? a : b);
    }

    private static Duration roundUp(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
