package dev.tokenbroker.exchange.control;

import java.time.Duration;
import java.time.Instant;
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

    @Inject
    Settings settings;

    private Optional<SubjectGate> gate;
    private boolean audiencesConfigured;
    private List<String> audiences;
    private String issuer;
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
        issuer = settings.text("mp.jwt.verify.issuer", "https://token.actions.githubusercontent.com");
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

    /**
     * Why MicroProfile JWT rejected this bearer token, in the contract's words (actions-exchange.md §3.5), from the
     * same issuer, audiences and skew the container verifies with.
     */
    public String rejectedTokenReason(String authorization, Instant now) {
        return RejectedTokenReason.of(authorization, issuer, audiences, now, clockSkew);
    }

    /** Without audiences MP JWT would skip the {@code aud} check, so the exchange refuses to work at all. */
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
