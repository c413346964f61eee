package dev.tokenbroker.exchange.control;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.exchange.entity.ExchangeOutcome;
import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.control.GitHubAppCredentials;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubForbiddenException;
import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.GitHubRejectedException;
import dev.tokenbroker.github.entity.Installation;
import dev.tokenbroker.github.entity.InstallationToken;
import dev.tokenbroker.github.entity.TokenRequest;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.platform.entity.ForwardedRequest;
import dev.tokenbroker.policy.control.DenialMessage;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyEvaluator;
import dev.tokenbroker.policy.control.PolicyExplainer;
import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;
import dev.tokenbroker.policy.entity.Decision;
import dev.tokenbroker.policy.entity.InstallationFacts;

/**
 * One workflow token exchange, after authentication and request validation: look up the installation (cached),
 * let the policy decide with files from {@link GitHubPolicySource}, mint exactly the decided token, and record the
 * decision in the audit trail. GitHub trouble is thrown as the adapter's exception types; the boundary maps them.
 */
@ApplicationScoped
public class TokenExchange {

    @Inject
    GitHubApi github;

    @Inject
    GitHubAppCredentials app;

    @Inject
    GitHubPolicySource policies;

    @Inject
    ExchangeSettings settings;

    @Inject
    AuditLog audit;

    @Inject
    Metrics metrics;

    /** @param source the client's address and the origin it called, for the audit event */
    public ExchangeOutcome exchange(CallerClaims caller, AccessTokenRequest request, String requestId, ForwardedRequest source) {
        long started = System.nanoTime();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestId", requestId);
        event.put("client", source.client());
        event.put("origin", source.origin());
        event.put("subject", caller.sub());
        event.put("repository", caller.repository());
        event.put("owner", request.owner());
        event.put("repositories", request.allRepositories() ? List.of("ALL") : request.repositories());
        event.put("permissions", wire(request.permissions()));
        try {
            Optional<InstallationFacts> installation = installation(request.owner());
            installation.ifPresent(i -> event.put("installationId", i.id()));
            PolicyEvaluator evaluator = new PolicyEvaluator(PermissionCatalog.standard(), settings.environmentSubjects());
            Decision decision = evaluator.evaluate(caller, request, installation, this::appIdentity,
                    installation.map(i -> policies.forInstallation(i.id())).orElse(null));
            ExchangeOutcome outcome = decision instanceof Decision.Denied denied
                    ? denied(event, denied.reason(), denied.message())
                    : mint((Decision.Granted) decision, caller, event);
            metrics.exchange(outcome instanceof ExchangeOutcome.Issued ? "granted" : "denied",
                    String.valueOf(event.getOrDefault("reason", "")), Duration.ofNanos(System.nanoTime() - started));
            return outcome;
        } catch (GitHubException | IllegalStateException e) {
            event.put("decision", "error");
            event.put("reason", e.getClass().getSimpleName() + ": " + e.getMessage());
            audit.record("exchange", event);
            metrics.exchange("error", e.getClass().getSimpleName(), Duration.ofNanos(System.nanoTime() - started));
            throw e;
        } catch (RuntimeException e) {
            metrics.exchange("error", e.getClass().getSimpleName(), Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
    }

    /**
     * What {@link #exchange} would decide for this caller and request, and why ({@link PolicyExplainer}), with the same
     * installation and policy reads and nothing minted; audited as {@code exchange.explain}.
     */
    public PolicyExplainer.Explanation explain(CallerClaims caller, AccessTokenRequest request, String requestId,
                                               ForwardedRequest source) {
        Optional<InstallationFacts> installation = installation(request.owner());
        PolicyExplainer.Explanation explanation = new PolicyExplainer(PermissionCatalog.standard(), settings.environmentSubjects())
                .explain(caller, request, installation, this::appIdentity,
                        installation.map(i -> policies.forInstallation(i.id())).orElse(null));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestId", requestId);
        event.put("client", source.client());
        event.put("subject", caller.sub());
        event.put("repository", caller.repository());
        event.put("owner", request.owner());
        event.put("repositories", request.allRepositories() ? List.of("ALL") : request.repositories());
        event.put("permissions", wire(request.permissions()));
        event.put("decision", explanation.decision() instanceof Decision.Granted ? "would grant" : "would deny");
        if (explanation.decision() instanceof Decision.Denied denied) {
            event.put("reason", denied.reason());
        }
        audit.record("exchange.explain", event);
        return explanation;
    }

    private ExchangeOutcome mint(Decision.Granted granted, CallerClaims caller, Map<String, Object> event) {
        Map<String, String> permissions = new LinkedHashMap<>();
        granted.permissions().forEach((scope, level) -> permissions.put(scope.replace('-', '_'), level.wire()));
        TokenRequest tokenRequest = granted.allRepositories() ? TokenRequest.forAllRepositories(permissions)
                : TokenRequest.forRepositories(granted.repositories(), permissions);
        boolean sameOwner = caller.repositoryOwner().equalsIgnoreCase(granted.owner());
        InstallationToken token;
        try {
            token = mintFollowingReinstall(granted.installationId(), granted.owner(), tokenRequest);
        } catch (GitHubRejectedException | GitHubForbiddenException e) {
            String item = sameOwner ? "GitHub refused to issue the token: " + e.gitHubMessage() : "Not authorized";
            return denied(event, "GitHub refused the mint", DenialMessage.of(granted.owner(), List.of(item), granted.subjects()));
        } catch (GitHubNotFoundException e) {
            String item = sameOwner ? "'" + appIdentity().name() + "' has not been installed. Install from "
                    + appIdentity().installUrl() : "Not authorized";
            return denied(event, "app not installed", DenialMessage.of(granted.owner(), List.of(item), granted.subjects()));
        }
        String hash = TokenHash.of(token.token());
        event.put("decision", "granted");
        event.put("installationId", granted.installationId());
        event.put("tokenHash", hash);
        event.put("expiresAt", token.expiresAt().toString());
        audit.record("exchange", event);
        Map<String, String> grantedPermissions = new LinkedHashMap<>();
        (token.permissions().isEmpty() ? permissions : token.permissions())
                .forEach((scope, level) -> grantedPermissions.put(scope.replace('_', '-'), level));
        return new ExchangeOutcome.Issued(token.token(), hash, token.expiresAt().toString(), grantedPermissions,
                granted.allRepositories(), granted.allRepositories() ? List.of() : token.repositories().isEmpty()
                ? granted.repositories() : token.repositories(), granted.owner());
    }

    /**
     * A mint answered 404 means the installation is gone; the adapter has already dropped the cached entry. If the
     * App was reinstalled (a new id), mint once with the new id.
     */
    private InstallationToken mintFollowingReinstall(long installationId, String owner, TokenRequest request) {
        try {
            return github.mint(installationId, request);
        } catch (GitHubNotFoundException gone) {
            Installation fresh = github.installationForOwner(owner);
            if (fresh.id() == installationId) {
                throw gone;
            }
            return github.mint(fresh.id(), request);
        }
    }

    private ExchangeOutcome denied(Map<String, Object> event, String reason, String message) {
        event.put("decision", "denied");
        event.put("reason", reason);
        audit.record("exchange", event);
        return new ExchangeOutcome.Denied(message);
    }

    private Optional<InstallationFacts> installation(String owner) {
        try {
            Installation i = github.installationForOwner(owner);
            return Optional.of(new InstallationFacts(i.id(), i.accountLogin(), i.accountId(), i.suspended(),
                    i.singleFilePaths(), i.permissions()));
        } catch (GitHubNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The App's name and page for messages, from the cached {@code GET /app}; a fallback when GitHub cannot say. */
    private PolicyEvaluator.AppIdentity appIdentity() {
        try {
            var info = github.app();
            return new PolicyEvaluator.AppIdentity(info.name(), info.htmlUrl());
        } catch (GitHubException e) {
            return new PolicyEvaluator.AppIdentity("GitHub App " + app.appId(), "the App's page on GitHub");
        }
    }

    private static Map<String, String> wire(Map<String, dev.tokenbroker.policy.entity.Level> permissions) {
        Map<String, String> out = new LinkedHashMap<>();
        permissions.forEach((k, v) -> out.put(k, v.wire()));
        return out;
    }
}
