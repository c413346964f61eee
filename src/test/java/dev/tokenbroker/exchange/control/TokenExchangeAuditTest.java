package dev.tokenbroker.exchange.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.exchange.entity.ExchangeOutcome;
import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.entity.AppInfo;
import dev.tokenbroker.github.entity.Installation;
import dev.tokenbroker.github.entity.InstallationToken;
import dev.tokenbroker.github.entity.TokenRequest;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.platform.entity.ForwardedRequest;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyParser;
import dev.tokenbroker.policy.control.PolicySource;
import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;
import dev.tokenbroker.policy.entity.Level;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.PolicyFile;
import dev.tokenbroker.policy.entity.RepositoryPolicy;
import dev.tokenbroker.testsupport.LogCapture;
import dev.tokenbroker.testsupport.MapConfig;
import dev.tokenbroker.testsupport.MutableClock;

/** One audit event per exchange decision, with the token only as its hash. */
class TokenExchangeAuditTest {

    private static final String TOKEN = "ghs_issued_secret_token_value";
    private final LogCapture capture = new LogCapture(AuditLog.LOGGER);
    private final List<String> lines = capture.lines();

    /** GitHub as far as this test needs it: one installation, a mint that grants what was asked. */
    static final class FakeGitHub extends GitHubApi {
        @Override
        public Installation installationForOwner(String owner) {
            return new Installation(100, "octocat", 583231, "Organization", "all",
                    Map.of("single_file", "read", "contents", "write"),
                    List.of("access-token.yaml", "access-token.yml", ".github/access-token.yaml", ".github/access-token.yml"), false);
        }

        @Override
        public InstallationToken mint(long installationId, TokenRequest request) {
            return new InstallationToken(TOKEN, Instant.parse("2026-11-22T11:00:00Z"), request.permissions(), "selected",
                    request.repositories().orElse(List.of()));
        }

        @Override
        public AppInfo app() {
            return new AppInfo(1, "app", "Test App", "https://github.com/apps/app", Map.of());
        }
    }

    /** Policies from strings, without GitHub. */
    static final class FixedPolicies extends GitHubPolicySource {
        @Override
        public PolicySource forInstallation(long installationId) {
            PolicyParser parser = new PolicyParser(PermissionCatalog.standard());
            return new PolicySource() {
                @Override
                public PolicyFile<OwnerPolicy> ownerPolicy(String owner) {
                    return new PolicyFile.Found<>(parser.parseOwnerPolicy("origin: octocat/.github-access-token\n"
                            + "statements: [{subjects: ['repo:octocat/playground:**'], permissions: {contents: write}}]\n", owner, "x"));
                }

                @Override
                public Map<String, PolicyFile<RepositoryPolicy>> repositoryPolicies(String owner, List<String> repositories) {
                    return Map.of();
                }
            };
        }
    }

    private TokenExchange exchange;
    private final dev.tokenbroker.platform.control.Metrics metrics = new dev.tokenbroker.platform.control.Metrics();

    @BeforeEach
    void wire() {
        capture.attach();
        exchange = new TokenExchange();
        exchange.github = new FakeGitHub();
        exchange.policies = new FixedPolicies();
        exchange.settings = new ExchangeSettings();
        exchange.settings.settings = new Settings(new MapConfig(Map.of()), new ConfigurationProblems());
        exchange.settings.read();
        exchange.audit = new AuditLog(new MutableClock(Instant.parse("2026-11-22T10:00:00Z")));
        exchange.metrics = metrics;
    }

    @AfterEach
    void unwire() {
        capture.detach();
    }

    private static CallerClaims caller() {
        return new CallerClaims("repo:octocat/playground:ref:refs/heads/main", "octocat/playground", "1234567", "octocat",
                "583231", Optional.of("refs/heads/main"), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private JsonObject onlyEvent() {
        assertThat(lines).hasSize(1);
        return Json.createReader(new StringReader(lines.get(0))).readObject();
    }

    @Test
    void aGrantIsRecordedWithTheTokenHashAndNeverTheToken() {
        ExchangeOutcome outcome = exchange.exchange(caller(),
                new AccessTokenRequest("octocat", false, List.of("playground"), Map.of("contents", Level.WRITE)), "req-1",
                new ForwardedRequest("192.0.2.7", "https://broker.example.org"));
        assertThat(outcome).isInstanceOf(ExchangeOutcome.Issued.class);
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains(TOKEN));
        JsonObject event = onlyEvent();
        assertThat(event.getString("event")).isEqualTo("exchange");
        assertThat(event.getString("time")).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(event.getString("requestId")).isEqualTo("req-1");
        assertThat(event.getString("client")).isEqualTo("192.0.2.7");
        assertThat(event.getString("origin")).isEqualTo("https://broker.example.org");
        assertThat(event.getString("subject")).isEqualTo("repo:octocat/playground:ref:refs/heads/main");
        assertThat(event.getString("repository")).isEqualTo("octocat/playground");
        assertThat(event.getString("owner")).isEqualTo("octocat");
        assertThat(event.getJsonObject("permissions").getString("contents")).isEqualTo("write");
        assertThat(event.getString("decision")).isEqualTo("granted");
        assertThat(event.getJsonNumber("installationId").longValue()).isEqualTo(100);
        assertThat(event.getString("tokenHash")).isEqualTo(TokenHash.of(TOKEN)).isEqualTo(((ExchangeOutcome.Issued) outcome).tokenHash());
        assertThat(metrics.scrape()).as("issue 16: counted by decision")
                .contains("broker_exchanges_total{decision=\"granted\",reason=\"none\"} 1.0")
                .contains("broker_exchange_duration_seconds_count 1").doesNotContain(TOKEN).doesNotContain("octocat");
    }

    @Test
    void aDenialIsRecordedWithItsReason() {
        ExchangeOutcome outcome = exchange.exchange(caller(),
                new AccessTokenRequest("octocat", false, List.of("playground"), Map.of("secrets", Level.READ)), "req-2",
                new ForwardedRequest("192.0.2.7", "https://broker.example.org"));
        assertThat(outcome).isInstanceOf(ExchangeOutcome.Denied.class);
        JsonObject event = onlyEvent();
        assertThat(event.getString("decision")).isEqualTo("denied");
        assertThat(event.getString("reason")).isEqualTo("exceeds installation permissions");
        assertThat(event).doesNotContainKey("tokenHash");
        assertThat(metrics.scrape()).contains(
                "broker_exchanges_total{decision=\"denied\",reason=\"exceeds installation permissions\"} 1.0");
    }

    @Test
    void theTokenHashFollowsTheContractsTestVector() {
        assertThat(TokenHash.of("ghs_fake4"))
                .isEqualTo("ZGQxMWViYTI0OTc5YTI1ZjViMjM3Yzg1ZmIwZjk4MWVhZjk4MmNkM2RjOWY0MjUxNzk0MjdmZGRjYjIzNzIwZA==");
    }
}
