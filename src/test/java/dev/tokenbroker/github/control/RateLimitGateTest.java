package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import dev.tokenbroker.github.entity.GitHubCredential;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.testsupport.MutableClock;

import org.junit.jupiter.api.Test;

class RateLimitGateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private RateLimitGate gate() {
        RateLimitGate gate = new RateLimitGate();
        gate.clock = clock;
        return gate;
    }

    @Test
    void aClosedGateRefusesThatCredentialOnlyUntilItReopens() {
        RateLimitGate gate = gate();
        GitHubCredential reader = GitHubCredential.installationToken("ghs_reader");
        gate.close(reader, Duration.ofSeconds(1200));
        assertThatThrownBy(() -> gate.check(reader, "GET /x"))
                .isInstanceOfSatisfying(GitHubRateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1200)));
        assertThatCode(() -> gate.check(GitHubCredential.app(), "GET /x")).doesNotThrowAnyException();
        assertThatCode(() -> gate.check(GitHubCredential.installationToken("ghs_other"), "GET /x")).doesNotThrowAnyException();
        clock.advance(Duration.ofSeconds(1199).plusMillis(500));
        assertThatThrownBy(() -> gate.check(reader, "GET /x"))
                .isInstanceOfSatisfying(GitHubRateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        clock.advance(Duration.ofMillis(500));
        assertThatCode(() -> gate.check(reader, "GET /x")).doesNotThrowAnyException();
    }

    @Test
    void aShorterClosureNeverShortensALongerOne() {
        RateLimitGate gate = gate();
        gate.close(GitHubCredential.app(), Duration.ofSeconds(600));
        gate.close(GitHubCredential.app(), Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> gate.check(GitHubCredential.app(), "GET /x")).isInstanceOf(GitHubRateLimitedException.class);
    }

    @Test
    void credentialIdsNeverContainTheToken() {
        GitHubCredential c = GitHubCredential.userToken("ghp_verysecret");
        assertThat(c.id()).doesNotContain("verysecret");
        assertThat(c.toString()).doesNotContain("verysecret");
    }
}
