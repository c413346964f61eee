package dev.tokenbroker.github.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.BrokerVersion;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;

/**
 * Everything the GitHub adapter reads from configuration except the App's credentials, read once at start-up (so
 * that readiness reports bad values before the first request). The circuit breaker reads its own keys
 * ({@link GitHubCircuit}); timeout, retries and bulkhead use MicroProfile Fault Tolerance's keys, see
 * {@link GitHubTransport}.
 */
@ApplicationScoped
public class GitHubSettings {

    public static final String API_URL = "broker.github.api-url";
    public static final String API_VERSION = "broker.github.api-version";
    public static final String CONNECT_TIMEOUT = "broker.github.connect-timeout";
    public static final String READ_TIMEOUT = "broker.github.read-timeout";
    public static final String RATE_LIMIT_MAX_WAIT = "broker.github.rate-limit.max-wait";
    public static final String INSTALLATION_TTL = "broker.exchange.installation.ttl";
    public static final String INSTALLATION_NEGATIVE_TTL = "broker.exchange.installation.negative-ttl";

    static final String DEFAULT_API_URL = "https://api.github.com";

    @Inject
    Settings settings;

    @Inject
    ConfigurationProblems problems;

    @Inject
    BrokerVersion version;

    private URI apiUrl;
    private String apiVersion;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration rateLimitMaxWait;
    private Duration installationTtl;
    private Duration installationNegativeTtl;

    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        apiUrl(); // touching the bean reads and validates every setting
    }

    @PostConstruct
    void read() {
        apiUrl = parseApiUrl(settings.text(API_URL, DEFAULT_API_URL));
        apiVersion = settings.text(API_VERSION, "2022-11-28");
        connectTimeout = settings.positiveDuration(CONNECT_TIMEOUT, Duration.ofSeconds(5));
        readTimeout = settings.positiveDuration(READ_TIMEOUT, Duration.ofSeconds(10));
        for (String retired : List.of("value", "unit")) {
            settings.reportIfSet(GitHubTransport.class.getName() + "/send/Timeout/" + retired,
                    "each attempt is bounded by " + READ_TIMEOUT + " and " + CONNECT_TIMEOUT);
        }
        rateLimitMaxWait = settings.duration(RATE_LIMIT_MAX_WAIT, Duration.ofSeconds(2));
        installationTtl = settings.duration(INSTALLATION_TTL, Duration.ofMinutes(5));
        installationNegativeTtl = settings.duration(INSTALLATION_NEGATIVE_TTL, Duration.ofMinutes(1));
    }

    private URI parseApiUrl(String text) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        try {
            URI uri = new URI(trimmed);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.report(API_URL, API_URL + ": '" + text + "' is not an http(s) URL without query, e.g. "
                + DEFAULT_API_URL + " or https://HOST/api/v3 for GitHub Enterprise Server; using " + DEFAULT_API_URL);
        return URI.create(DEFAULT_API_URL);
    }

    /** The REST API base without a trailing slash, e.g. {@code https://api.github.com} or {@code https://ghe/api/v3}. */
    public URI apiUrl() {
        return apiUrl;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** A rate limit that lifts within this long is waited out once; a longer one is answered at once. */
    public Duration rateLimitMaxWait() {
        return rateLimitMaxWait;
    }

    public Duration installationTtl() {
        return installationTtl;
    }

    public Duration installationNegativeTtl() {
        return installationNegativeTtl;
    }

    public String userAgent() {
        return "tokenbroker/" + version.version();
    }
}
