package dev.tokenbroker.exchange.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenbroker.exchange.control.AccessTokenRequestParser;
import dev.tokenbroker.exchange.control.ExchangeSettings;
import dev.tokenbroker.exchange.control.ExplanationJson;
import dev.tokenbroker.exchange.control.TokenExchange;
import dev.tokenbroker.exchange.control.WorkflowTokenVerifier;
import dev.tokenbroker.exchange.entity.ExchangeOutcome;
import dev.tokenbroker.exchange.entity.InvalidRequestException;
import dev.tokenbroker.exchange.entity.RejectedTokenException;
import dev.tokenbroker.github.entity.GitHubDeadlineExceededException;
import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.CallDeadline;
import dev.tokenbroker.platform.control.ClientAddress;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.platform.entity.ForwardedRequest;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyExplainer;
import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;

/**
 * {@code POST /access_tokens}: a GitHub Actions job trades its OIDC token for an installation token, wire-compatible
 * with qoomon/actions--access-token v3 and v4 (actions-exchange.md). {@link WorkflowTokenVerifier} verifies the
 * workflow's OIDC token. Checks run in the contract's order: size (filter), authentication, body, policy, mint; the
 * whole exchange has {@code broker.exchange.deadline}.
 */
@Path("access_tokens")
@RequestScoped
public class ExchangeResource {

    private static final Logger LOG = LogLines.logger(ExchangeResource.class);

    @Inject
    TokenExchange exchange;

    @Inject
    ExchangeSettings settings;

    @Inject
    WorkflowTokenVerifier verifier;

    @Inject
    RequestId requestId;

    @Inject
    ExchangeFailures failures;

    @Inject
    Clock clock;

    @Inject
    Metrics metrics;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    ClientAddress clientAddress;

    /** A request that passed authentication and parsing: who asks, for what, from where. */
    private record Accepted(CallerClaims caller, AccessTokenRequest request, ForwardedRequest source) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response exchange(InputStream body, @HeaderParam("Authorization") String authorization,
                             @HeaderParam("User-Agent") String userAgent) {
        return accepted(body, authorization, true, (accepted, id) -> {
            LOG.fine(() -> "exchange " + id + " from " + accepted.caller().repository() + " (" + userAgent + ")");
            return withinDeadline(accepted.caller(), accepted.request(), id, accepted.source());
        });
    }

    /**
     * {@code POST /access_tokens/explain} (issue 18): "what would I get?" A workflow sends what it would send to the
     * exchange, authenticated the same way, and gets the decision the exchange would take (200 either way), its
     * effective subjects and, when it asks about its own owner, each policy statement's verdict; nothing is minted.
     * A caller asking about another owner sees no more than the exchange's 403 would tell it.
     */
    @POST
    @Path("explain")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response explain(InputStream body, @HeaderParam("Authorization") String authorization) {
        return accepted(body, authorization, false, (accepted, id) -> {
            try {
                PolicyExplainer.Explanation explanation = CallDeadline.within(clock.instant().plus(settings.deadline()),
                        () -> exchange.explain(accepted.caller(), accepted.request(), id, accepted.source()));
                boolean details = accepted.caller().repositoryOwner().equalsIgnoreCase(accepted.request().owner());
                return Response.ok(ExplanationJson.of(explanation, accepted.request().owner(), details, id),
                        MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
            } catch (GitHubDeadlineExceededException e) {
                return ExchangeErrors.retryLater(503, "GitHub API did not answer in time; retry later", Duration.ofSeconds(5), id);
            } catch (RuntimeException e) {
                return failures.toResponse(e, id);
            }
        });
    }

    /**
     * The contract's checks before any policy is read: configuration, the workflow's token, the client address, the
     * body; a refusal is answered here (and counted when {@code counted}), an accepted request goes to {@code then}.
     */
    private Response accepted(InputStream body, String authorization, boolean counted,
                              java.util.function.BiFunction<Accepted, String, Response> then) {
        String id = requestId.value();
        if (!settings.audiencesConfigured()) {
            return rejected(counted, "not configured", ExchangeErrors.of(503, ExchangeSettings.AUDIENCES
                    + " is not configured: set it to the host names workflows use to reach the broker (comma-separated, "
                    + "no spaces)", id));
        }
        CallerClaims caller;
        try {
            caller = verifier.verify(authorization);
        } catch (RejectedTokenException e) {
            return rejected(counted, e.status() == 401 ? "invalid token" : "token not verifiable", e.retryAfter()
                    .map(wait -> ExchangeErrors.retryLater(e.status(), e.getMessage(), wait, id))
                    .orElseGet(() -> ExchangeErrors.of(e.status(), e.getMessage(), id)));
        }
        ForwardedRequest source;
        try {
            source = clientAddress.of(servletRequest);
        } catch (IllegalArgumentException e) {
            return rejected(counted, "invalid request", ExchangeErrors.of(400, "invalid X-Forwarded-For header", id));
        }
        String text;
        try {
            text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (BodySizeLimit.TooLargeException e) {
            return rejected(counted, "body too large", BodySizeLimit.tooLarge(id));
        } catch (IOException e) {
            return rejected(counted, "invalid request", ExchangeErrors.of(400, "Invalid request body:\n  - the body could not be read", id));
        }
        AccessTokenRequest request;
        try {
            request = new AccessTokenRequestParser(PermissionCatalog.standard())
                    .parse(text, caller.repositoryOwner(), caller.repositoryName());
        } catch (InvalidRequestException e) {
            return rejected(counted, "invalid request", ExchangeErrors.of(400, e.getMessage(), id));
        }
        return then.apply(new Accepted(caller, request, source), id);
    }

    /**
     * Runs the exchange on this request thread with {@code broker.exchange.deadline} as its {@link CallDeadline}:
     * every GitHub call gets at most the time left, so the exchange ends by the deadline without a second thread.
     */
    private Response withinDeadline(CallerClaims caller, AccessTokenRequest request, String id, ForwardedRequest source) {
        try {
            ExchangeOutcome outcome = CallDeadline.within(clock.instant().plus(settings.deadline()),
                    () -> exchange.exchange(caller, request, id, source));
            return respond(outcome, id);
        } catch (GitHubDeadlineExceededException e) {
            LOG.warning("exchange " + id + " did not finish within broker.exchange.deadline ("
                    + settings.deadline().toSeconds() + " s): " + e.getMessage());
            return ExchangeErrors.retryLater(503, "GitHub API did not answer in time; retry later", Duration.ofSeconds(5), id);
        } catch (RuntimeException e) {
            return failures.toResponse(e, id);
        }
    }

    /** A request refused before any decision (counted for the exchange, not timed: it did no exchange work). */
    private Response rejected(boolean counted, String reason, Response response) {
        if (counted) {
            metrics.exchangeRejected(reason);
        }
        return response;
    }

    private static Response respond(ExchangeOutcome outcome, String id) {
        if (outcome instanceof ExchangeOutcome.Denied denied) {
            return ExchangeErrors.of(403, denied.message(), id);
        }
        ExchangeOutcome.Issued issued = (ExchangeOutcome.Issued) outcome;
        var json = CachedJson.createObjectBuilder()
                .add("token", issued.token())
                .add("token_hash", issued.tokenHash())
                .add("expires_at", issued.expiresAt());
        var permissions = CachedJson.createObjectBuilder();
        issued.permissions().forEach(permissions::add);
        json.add("permissions", permissions);
        if (!issued.allRepositories()) {
            var repositories = CachedJson.createArrayBuilder();
            issued.repositories().forEach(repositories::add);
            json.add("repositories", repositories);
        }
        json.add("owner", issued.owner());
        return Response.ok(json.build().toString(), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .build();
    }

}
