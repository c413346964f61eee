package dev.tokenbroker.vault.githubsecrets.boundary;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.exchange.control.AccessTokenRequestParser;
import dev.tokenbroker.exchange.control.ExplanationJson;
import dev.tokenbroker.exchange.control.TokenExchange;
import dev.tokenbroker.exchange.entity.InvalidRequestException;
import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.platform.control.CurrentRequest;
import dev.tokenbroker.platform.entity.ForwardedRequest;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyExplainer;
import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;

/**
 * {@code github/policy/explain} (issue 18): for an operator, the decision the workflow exchange would take for any
 * workflow's claims and request, and why, from the policies on GitHub, minting nothing. Behind the ACL (a token with
 * {@code update} on the path; {@code default} has none). Fields: {@code claims} ({@code sub}, {@code repository},
 * optionally {@code ref}, {@code environment}, {@code workflow_ref}, {@code job_workflow_ref}, {@code repository_id},
 * {@code repository_owner_id}) and {@code request} (the exchange's body). The answer's {@code data} is the
 * explanation with every statement's verdict.
 */
@ApplicationScoped
public class PolicyExplainPaths implements VaultPaths {

    static final int MAX_CLAIM = 1024;

    @Inject
    TokenExchange exchange;

    @Override
    public List<VaultRoute> routes() {
        return List.of(VaultRoute.of("github/policy/explain", GithubSecretsPaths.MOUNT, Set.of(Operation.UPDATE), this::explain));
    }

    private VaultResponse explain(VaultRequest request, Matcher match) {
        if (!(request.data().get("claims") instanceof JsonObject claims)) {
            throw VaultException.invalid("'claims' must be an object with at least 'sub' and 'repository'");
        }
        if (!(request.data().get("request") instanceof JsonObject body)) {
            throw VaultException.invalid("'request' must be the exchange's request body, an object");
        }
        String sub = claim(claims, "sub").orElseThrow(() -> VaultException.invalid("claims: 'sub' is required"));
        String repository = claim(claims, "repository").filter(r -> r.matches("[^/\\s]+/[^/\\s]+"))
                .orElseThrow(() -> VaultException.invalid("claims: 'repository' must be OWNER/NAME"));
        String owner = repository.substring(0, repository.indexOf('/'));
        CallerClaims caller = new CallerClaims(sub, repository, claim(claims, "repository_id").orElse("0"), owner,
                claim(claims, "repository_owner_id").orElse("0"), claim(claims, "ref"), claim(claims, "workflow_ref"),
                claim(claims, "job_workflow_ref"), claim(claims, "environment"));
        AccessTokenRequest parsed;
        try {
            parsed = new AccessTokenRequestParser(PermissionCatalog.standard())
                    .parse(body.toString(), owner, repository.substring(repository.indexOf('/') + 1));
        } catch (InvalidRequestException e) {
            throw VaultException.invalid(e.getMessage());
        }
        String requestId = CurrentRequest.id().orElse("");
        PolicyExplainer.Explanation explanation;
        try {
            explanation = exchange.explain(caller, parsed, requestId, new ForwardedRequest(request.clientAddress(), "vault"));
        } catch (GitHubCallsRefusedException e) {
            throw VaultException.unavailable(false, "GitHub is not being called now: " + e.getMessage(),
                    e.retryAfter().orElse(java.time.Duration.ofSeconds(5)));
        } catch (GitHubException e) {
            throw VaultException.failed("the policies could not be read: " + e.getMessage());
        }
        return VaultResponse.data(ExplanationJson.object(explanation, parsed.owner(), true, requestId).build());
    }

    private static Optional<String> claim(JsonObject claims, String name) {
        JsonValue value = claims.get(name);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > MAX_CLAIM) {
            throw VaultException.invalid("claims: '" + name + "' must be a string of 1 to " + MAX_CLAIM + " characters");
        }
        return Optional.of(s.getString());
    }
}
