package dev.tokenbroker.exchange.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;

import org.junit.jupiter.api.Test;

/**
 * The exchange's defaults as shipped, with nothing configured, against the README's configuration table. The
 * integration tests shorten the deadline and the policy freshness and change the reader token's renewal; this test is
 * what covers the values themselves (docs/testing.md, "the rule").
 */
class ShippedDefaultsTest {

    private static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

    private final ConfigurationProblems problems = new ConfigurationProblems();

    private ExchangeSettings exchangeSettings() {
        ExchangeSettings settings = new ExchangeSettings();
        settings.settings = new Settings(new MapConfig(Map.of()), problems);
        settings.read();
        return settings;
    }

    @Test
    void policyFreshnessIsSixtySeconds() {
        assertThat(exchangeSettings().policyFreshness()).isEqualTo(Duration.ofSeconds(60));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void policyNegativeTtlIsThirtySeconds() {
        assertThat(exchangeSettings().policyNegativeTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void policyStaleIfErrorIsZero() {
        assertThat(exchangeSettings().policyStaleIfError()).isEqualTo(Duration.ZERO);
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void readerTokenIsRenewedSixHundredSecondsBeforeItExpires() {
        assertThat(exchangeSettings().readerRenewBefore()).isEqualTo(Duration.ofSeconds(600));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void deadlineIsTwentySeconds() {
        assertThat(exchangeSettings().deadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void clockSkewIsSixtySeconds() {
        assertThat(exchangeSettings().clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void environmentSubjectsAreOn() {
        assertThat(exchangeSettings().environmentSubjects()).isTrue();
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void requestIdHeaderIsXRequestId() {
        assertThat(exchangeSettings().requestIdHeader()).isEqualTo("X-Request-Id");
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void allowedSubjectsAreUnset() {
        assertThat(exchangeSettings().gate()).isEmpty();
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void audiencesHaveNoDefaultSoTheExchangeRefusesToWork() {
        assertThat(exchangeSettings().audiencesConfigured()).isFalse();
    }

    @Test
    void workflowTokensAreGitHubActionsOnesSignedWithItsPublishedKeys() {
        ExchangeSettings settings = exchangeSettings();
        assertThat(settings.issuer()).isEqualTo(GITHUB_ISSUER);
        assertThat(settings.publicKeyLocation()).hasToString("https://token.actions.githubusercontent.com/.well-known/jwks");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(problems.all()).isEmpty();
    }

    /** The WAR's file states the same values, for operators who read it. */
    @Test
    void theWarShipsGitHubActionsIssuerKeysAndSkew() throws IOException {
        Properties shipped = shippedMicroProfileConfig();
        assertThat(shipped.getProperty("mp.jwt.verify.issuer")).isEqualTo(GITHUB_ISSUER);
        assertThat(shipped.getProperty("mp.jwt.verify.publickey.location"))
                .isEqualTo("https://token.actions.githubusercontent.com/.well-known/jwks");
        assertThat(shipped.getProperty("mp.jwt.verify.clock.skew")).isEqualTo("60");
        assertThat(shipped.getProperty("mp.jwt.verify.audiences")).as("no default on purpose").isNull();
    }

    /** The WAR's own file (target/classes), not one that a dependency may carry. */
    private static Properties shippedMicroProfileConfig() throws IOException {
        URL shipped = Collections.list(ShippedDefaultsTest.class.getClassLoader()
                        .getResources("META-INF/microprofile-config.properties")).stream()
                .filter(url -> url.getPath().endsWith("/classes/META-INF/microprofile-config.properties"))
                .filter(url -> !url.getPath().endsWith("/test-classes/META-INF/microprofile-config.properties"))
                .findFirst().orElseThrow(() -> new AssertionError("target/classes has no microprofile-config.properties"));
        Properties properties = new Properties();
        try (InputStream in = shipped.openStream()) {
            properties.load(in);
        }
        return properties;
    }
}
