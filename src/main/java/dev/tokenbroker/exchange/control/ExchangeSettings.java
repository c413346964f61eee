package dev.tokenbroker.exchange.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.policy.control.SubjectGate;

/** The exchange's settings (actions-exchange.md §1.1), read once at start-up. */
@ApplicationScoped
public class ExchangeSettings {

    public static final String AUDIENCES = "mp.jwt.verify.audiences";
    public static final String ALLOWED_SUBJECTS = "broker.exchange.allowed-subjects";
    public static final String ISSUER = "mp.jwt.verify.issuer";
    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    public static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";

    @Inject
    Settings settings;

    private Optional<SubjectGate> gate;
    private boolean audiencesConfigured;
    private List<String> audiences;
    private String issuer;
    private URI publicKeyLocation;
    private boolean environmentSubjects;
    private String requestIdHeader;
    private Duration clockSkew;
    private Duration policyFreshness;
    private Duration policyNegativeTtl;
    private Duration policyStaleIfError;
    private Duration readerRenewBefore;
    private Duration deadline;

    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        audiencesConfigured();
    }

    @PostConstruct
    void read() {
        gate = SubjectGate.parse(settings.text(ALLOWED_SUBJECTS).orElse(null));
        audiences = Arrays.stream(settings.text(AUDIENCES, "").split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
        audiencesConfigured = !audiences.isEmpty();
        issuer = settings.text(ISSUER, "https://token.actions.githubusercontent.com");
        publicKeyLocation = location(settings.text(PUBLIC_KEY_LOCATION, "https://token.actions.githubusercontent.com/.well-known/jwks"));
        String algorithm = settings.text(ALGORITHM, "RS256");
        if (!algorithm.equals("RS256")) {
            settings.report(ALGORITHM, ALGORITHM + " is " + algorithm + "; GitHub signs workflow tokens with RS256, the only algorithm "
                    + "the broker accepts (actions-exchange.md §3.2)");
        }
        environmentSubjects = !"false".equalsIgnoreCase(settings.text("broker.exchange.subjects.environment", "true"));
        requestIdHeader = settings.text("broker.exchange.request-id-header", "X-Request-Id");
        clockSkew = Duration.ofSeconds(Math.min(300, settings.integer("mp.jwt.verify.clock.skew", 60, 0, 300)));
        policyFreshness = settings.duration("broker.exchange.policy.freshness", Duration.ofSeconds(60));
        policyNegativeTtl = settings.duration("broker.exchange.policy.negative-ttl", Duration.ofSeconds(30));
        policyStaleIfError = settings.duration("broker.exchange.policy.stale-if-error", Duration.ZERO);
        readerRenewBefore = settings.duration("broker.exchange.reader-token.renew-before", Duration.ofSeconds(600));
        deadline = settings.duration("broker.exchange.deadline", Duration.ofSeconds(20));
    }

    /** The server-wide allowed-subjects gate, when one is set (blank counts as unset). */
    public Optional<SubjectGate> gate() {
        return gate;
    }

    /** The one issuer whose workflow tokens are accepted, compared exactly. */
    public String issuer() {
        return issuer;
    }

    /** Where the issuer's signing keys are published (a JWKS over HTTP(S), or a {@code file:} URL). */
    public URI publicKeyLocation() {
        return publicKeyLocation;
    }

    /** Accepted {@code aud} values; empty when not configured. */
    public List<String> audiences() {
        return audiences;
    }

    private URI location(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (uri.isAbsolute() && (scheme.equals("https") || scheme.equals("http") && uri.getHost() != null
                    || scheme.equals("file"))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        settings.report(PUBLIC_KEY_LOCATION, PUBLIC_KEY_LOCATION + " is not an http(s) or file URL; no workflow token can be verified");
        return URI.create("unusable:" + PUBLIC_KEY_LOCATION);
    }

    /** Without audiences no {@code aud} could be checked, so the exchange refuses to work at all. */
    public boolean audiencesConfigured() {
        return audiencesConfigured;
    }

    public boolean environmentSubjects() {
        return environmentSubjects;
    }

    public String requestIdHeader() {
        return requestIdHeader;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public Duration policyFreshness() {
        return policyFreshness;
    }

    public Duration policyNegativeTtl() {
        return policyNegativeTtl;
    }

    public Duration policyStaleIfError() {
        return policyStaleIfError;
    }

    public Duration readerRenewBefore() {
        return readerRenewBefore;
    }

    public Duration deadline() {
        return deadline;
    }
}
