package dev.tokenbroker.exchange.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import dev.tokenbroker.exchange.control.AccessTokenRequestParser;
import dev.tokenbroker.exchange.control.ExchangeSettings;
import dev.tokenbroker.exchange.control.TokenExchange;
import dev.tokenbroker.exchange.entity.ExchangeOutcome;
import dev.tokenbroker.exchange.entity.InvalidRequestException;
import dev.tokenbroker.platform.control.ClientAddress;
import dev.tokenbroker.platform.entity.ForwardedRequest;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;

import org.eclipse.microprofile.jwt.JsonWebToken;
import dev.tokenbroker.platform.control.CachedJson;

/**
 * {@code POST /access_tokens}: a GitHub Actions job trades its OIDC token for an installation token, wire-compatible
 * with qoomon/actions--access-token v3 and v4 (actions-exchange.md). The container's MicroProfile JWT verifies the
 * token (issuer, key, audience, expiry); a request without a verified token reaches this method anonymously (GitHub's
 * tokens carry no {@code groups}, so the method is {@code @PermitAll}) and is refused here. Checks run in the
 * contract's order: size (filter), authentication, body, policy, mint; the whole exchange has
 * {@code broker.exchange.deadline}.
 */
@Path("access_tokens")
@RequestScoped
public class ExchangeResource {

    private static final Logger LOG = Logger.getLogger(ExchangeResource.class.getName());

    @Inject
    TokenExchange exchange;

    @Inject
    ExchangeSettings settings;

    @Inject
    RequestId requestId;

    @Inject
    ExchangeFailures failures;

    @Inject
    Clock clock;

    @Resource
    ManagedExecutorService executor;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    ClientAddress clientAddress;

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response exchange(InputStream body, @HeaderParam("Authorization") String authorization,
                             @HeaderParam("User-Agent") String userAgent) {
        String id = requestId.value();
        if (!settings.audiencesConfigured()) {
            return ExchangeErrors.of(503, ExchangeSettings.AUDIENCES + " is not configured: set it to the host names "
                    + "workflows use to reach the broker (comma-separated, no spaces)", id);
        }
        Principal principal = security.getUserPrincipal();
        if (!(principal instanceof JsonWebToken jwt)) {
            // Open Liberty lets a rejected token through anonymously instead of answering 401 itself
            String reason = unauthenticated(authorization);
            return ExchangeErrors.of(401, reason != null ? reason : settings.rejectedTokenReason(authorization, clock.instant()), id);
        }
        if (!authorization.startsWith("Bearer ") || authorization.startsWith("Bearer  ")) {
            // the peer splits on exactly one space; some containers trim what follows the scheme
            return ExchangeErrors.of(401, "Invalid token: Invalid Compact JWS", id);
        }
        CallerClaims caller;
        try {
            caller = verifiedClaims(jwt);
        } catch (InvalidClaimsException e) {
            return ExchangeErrors.of(401, e.getMessage(), id);
        }
        if (settings.gate().isPresent() && !settings.gate().get().admits(caller.sub())) {
            return ExchangeErrors.of(401, "Invalid Token: unexpected \"sub\" claim value", id);
        }
        ForwardedRequest source;
        try {
            source = clientAddress.of(servletRequest);
        } catch (IllegalArgumentException e) {
            return ExchangeErrors.of(400, "invalid X-Forwarded-For header", id);
        }
        String text;
        try {
            text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (BodySizeLimit.TooLargeException e) {
            return BodySizeLimit.tooLarge(id);
        } catch (IOException e) {
            return ExchangeErrors.of(400, "Invalid request body:\n  - the body could not be read", id);
        }
        AccessTokenRequest request;
        try {
            request = new AccessTokenRequestParser(PermissionCatalog.standard())
                    .parse(text, caller.repositoryOwner(), caller.repositoryName());
        } catch (InvalidRequestException e) {
            return ExchangeErrors.of(400, e.getMessage(), id);
        }
        LOG.fine(() -> "exchange " + id + " from " + caller.repository() + " (" + userAgent + ")");
        return withinDeadline(caller, request, id, source);
    }

    private Response withinDeadline(CallerClaims caller, AccessTokenRequest request, String id, ForwardedRequest source) {
        Future<ExchangeOutcome> running = executor.submit(() -> exchange.exchange(caller, request, id, source));
        try {
            ExchangeOutcome outcome = running.get(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
            return respond(outcome, id);
        } catch (TimeoutException e) {
            running.cancel(true);
            LOG.warning("exchange " + id + " did not finish within broker.exchange.deadline ("
                    + settings.deadline().toSeconds() + " s)");
            return ExchangeErrors.retryLater(503, "GitHub API did not answer in time; retry later", Duration.ofSeconds(5), id);
        } catch (ExecutionException e) {
            return failures.toResponse(e.getCause(), id);
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return ExchangeErrors.retryLater(503, "The broker is shutting down; retry later", Duration.ofSeconds(5), id);
        }
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

    /** Why a request reached us without a verified token (a token that failed verification never gets here). */
    /** Why a request without a verified token is refused, or null for a bearer token (its reason needs the token). */
    static String unauthenticated(String authorization) {
        if (authorization == null || authorization.isEmpty()) {
            return "Missing authorization header";
        }
        String scheme = authorization.split(" ", 2)[0];
        if (!scheme.equals("Bearer")) {
            return "Unexpected authorization scheme " + scheme.replaceAll("[^\\x21-\\x7e]", "?");
        }
        return null;
    }

    /** The checks MicroProfile JWT does not make (actions-exchange.md §3.2 steps 6–7), then the claims we use. */
    private CallerClaims verifiedClaims(JsonWebToken jwt) {
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        for (String claim : new String[] {"exp", "iat", "jti", "sub", "repository", "repository_owner", "repository_id",
                "repository_owner_id"}) {
            if (claim(jwt, claim).isEmpty()) {
                throw new InvalidClaimsException("Invalid token: missing required \"" + claim + "\" claim");
            }
        }
        if (!Instant.ofEpochSecond(number(jwt, "exp")).isAfter(now.minus(skew))) {
            throw new InvalidClaimsException("Invalid token: \"exp\" claim timestamp check failed");
        }
        if (Instant.ofEpochSecond(number(jwt, "iat")).isAfter(now.plus(skew))) {
            throw new InvalidClaimsException("Invalid token: \"iat\" claim timestamp check failed");
        }
        if (claim(jwt, "nbf").isPresent() && Instant.ofEpochSecond(number(jwt, "nbf")).isAfter(now.plus(skew))) {
            throw new InvalidClaimsException("Invalid token: \"nbf\" claim timestamp check failed");
        }
        String repository = claim(jwt, "repository").orElseThrow();
        String owner = claim(jwt, "repository_owner").orElseThrow();
        int slash = repository.indexOf('/');
        if (slash <= 0 || slash == repository.length() - 1 || repository.indexOf('/', slash + 1) >= 0
                || !repository.substring(0, slash).equalsIgnoreCase(owner)) {
            throw new InvalidClaimsException("Invalid token: inconsistent \"repository\" and \"repository_owner\" claims");
        }
        return new CallerClaims(claim(jwt, "sub").orElseThrow(), repository, claim(jwt, "repository_id").orElseThrow(),
                owner, claim(jwt, "repository_owner_id").orElseThrow(), claim(jwt, "ref"), claim(jwt, "workflow_ref"),
                claim(jwt, "job_workflow_ref"), claim(jwt, "environment"));
    }

    /** A claim as text: GitHub sends strings (ids too); numbers are accepted and written in decimal. */
    private static Optional<String> claim(JsonWebToken jwt, String name) {
        Object value;
        try {
            value = jwt.getClaim(name);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "claim " + name + " could not be read", e);
            return Optional.empty();
        }
        if (value instanceof JsonString s) {
            return Optional.of(s.getString()).filter(v -> !v.isEmpty());
        }
        if (value instanceof JsonNumber n) {
            return Optional.of(n.bigIntegerValue().toString());
        }
        if (value instanceof Number n) {
            return Optional.of(Long.toString(n.longValue()));
        }
        if (value instanceof String s) {
            return Optional.of(s).filter(v -> !v.isEmpty());
        }
        return Optional.empty();
    }

    private static long number(JsonWebToken jwt, String name) {
        String text = claim(jwt, name).orElseThrow();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidClaimsException("Invalid token: \"" + name + "\" claim is not a number");
        }
    }

    private static final class InvalidClaimsException extends RuntimeException {
        InvalidClaimsException(String message) {
            super(message);
        }
    }
}
