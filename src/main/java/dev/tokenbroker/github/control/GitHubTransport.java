package dev.tokenbroker.github.control;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Bulkhead;

import dev.tokenbroker.github.entity.GitHubCredential;
import dev.tokenbroker.github.entity.GitHubDeadlineExceededException;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubOutcomeUnknownException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.github.entity.GitHubUnauthorizedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;
import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;
import dev.tokenbroker.platform.control.CallDeadline;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Metrics;

/**
 * Sends one HTTP request to GitHub and returns its answer or a typed exception. This is the only place that opens a
 * connection to GitHub, and every attempt is guarded:
 * <ul>
 * <li>{@link GitHubCircuit}: the circuit breaker is asked first and told the outcome; 4xx answers and rate limits
 * count as successes (GitHub is up).</li>
 * <li>{@code @Bulkhead}: at most 16 calls in flight per process; more are refused at once (GitHub itself allows 100
 * concurrent requests and advises against bursts).</li>
 * <li>Time: an attempt gets {@code broker.github.read-timeout} for GitHub's response headers and read plus connect
 * timeout for the whole answer, body included (a stalled body cannot hold a thread); not MicroProfile FT's
 * {@code @Timeout}, which on Payara schedules a task per call and cost milliseconds each.</li>
 * <li>{@link CallDeadline}: an attempt gets at most the time left before the caller's deadline, and none is sent
 * when nothing is left; running out says nothing about GitHub, so the breaker does not count it.</li>
 * </ul>
 * Tune the bulkhead with FT's key {@code dev.tokenbroker.github.control.GitHubTransport/send/Bulkhead/value}.
 * Redirects are followed here, at most three, and only to the API's own origin so a credential never leaves it.
 */
@ApplicationScoped
public class GitHubTransport {

    private static final Logger LOG = LogLines.logger(GitHubTransport.class);
    private static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 3;

    @Inject
    GitHubSettings settings;

    @Inject
    GitHubAppCredentials app;

    @Inject
    RateLimitGate gate;

    @Inject
    Metrics metrics;

    @Inject
    GitHubCircuit circuit;

    @Inject
    Clock clock;

    private HttpClient http;

    @PostConstruct
    void createClient() {
        http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Bulkhead(16)
    public GitHubResponse send(GitHubRequest request) {
        Duration timeout = attemptTimeout(request);
        GitHubCircuit.Permit permit = circuit.acquire();
        try {
            GitHubResponse response = followingRedirects(request, timeout);
            circuit.succeeded(permit);
            return response;
        } catch (GitHubDeadlineExceededException e) {
            throw e; // says nothing about GitHub: the permit is only released
        } catch (GitHubUnavailableException e) {
            circuit.failed(permit);
            throw e;
        } catch (GitHubException e) {
            circuit.succeeded(permit);
            throw e;
        } finally {
            circuit.release(permit);
        }
    }

    /** The read timeout, or less when the caller's {@link CallDeadline} is nearer; none left refuses the attempt. */
    private Duration attemptTimeout(GitHubRequest request) {
        Duration timeout = settings.readTimeout();
        Optional<Duration> left = CallDeadline.remaining(clock.instant());
        if (left.isEmpty() || left.get().compareTo(timeout) >= 0) {
            return timeout;
        }
        if (left.get().toMillis() <= 0) {
            throw new GitHubDeadlineExceededException("no time was left to call " + request.describe(), null);
        }
        return left.get();
    }

    private GitHubResponse followingRedirects(GitHubRequest request, Duration timeout) {
        GitHubRequest current = request;
        for (int hop = 0; ; hop++) {
            HttpResponse<byte[]> response = exchange(current, timeout);
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 307 || status == 308) {
                if (hop >= MAX_REDIRECTS) {
                    throw new GitHubUnexpectedResponseException("GitHub redirected " + request.describe()
                            + " more than " + MAX_REDIRECTS + " times", status, "");
                }
                current = current.withUri(redirectTarget(current, response));
                continue;
            }
            return read(current, response);
        }
    }

    private URI redirectTarget(GitHubRequest request, HttpResponse<?> response) {
        Optional<String> location = response.headers().firstValue("location");
        URI api = request.uri();
        if (location.isPresent()) {
            try {
                URI target = request.uri().resolve(location.get());
                if (request.sameOrigin(target)) {
                    return target;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new GitHubUnexpectedResponseException("GitHub redirected " + request.describe()
                + " to another host than " + api.getHost() + "; not followed", response.statusCode(), "");
    }

    private HttpResponse<byte[]> exchange(GitHubRequest request, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", settings.apiVersion())
                .header("User-Agent", settings.userAgent());
        authorization(request.credential()).ifPresent(value -> builder.header("Authorization", value));
        if (request.ifNoneMatch() != null) {
            builder.header("If-None-Match", request.ifNoneMatch());
        }
        if (request.jsonBody() != null) {
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.jsonBody(), StandardCharsets.UTF_8));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        boolean deadlineNearer = timeout.compareTo(settings.readTimeout()) < 0;
        Duration wholeAttempt = deadlineNearer ? timeout : settings.readTimeout().plus(settings.connectTimeout());
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(builder.build(), BoundedBody.handler(MAX_BODY_BYTES));
        String route = GitHubRouteClass.of(request.uri().getPath());
        try {
            HttpResponse<byte[]> response = pending.get(wholeAttempt.toMillis(), TimeUnit.MILLISECONDS);
            metrics.githubCall(route, String.valueOf(response.statusCode()));
            return response;
        } catch (TimeoutException e) {
            metrics.githubCall(route, "timeout");
            pending.cancel(true);
            throw late(request, deadlineNearer, wholeAttempt, e);
        } catch (ExecutionException e) {
            metrics.githubCall(route, e.getCause() instanceof HttpTimeoutException ? "timeout" : "failed");
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
                throw new GitHubUnavailableException("GitHub could not be reached at " + request.uri().getHost()
                        + " (" + cause.getClass().getSimpleName() + ")", 0, null, cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw late(request, deadlineNearer, timeout, cause);
            }
            if (cause instanceof BoundedBody.TooLargeException) {
                throw new GitHubUnexpectedResponseException("GitHub's answer to " + request.describe() + " is larger than "
                        + MAX_BODY_BYTES + " bytes", 0, "");
            }
            throw new GitHubOutcomeUnknownException("The connection to GitHub failed during " + request.describe()
                    + " (" + cause.getClass().getSimpleName() + ")", 0, cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new GitHubOutcomeUnknownException("The call " + request.describe() + " was interrupted", 0, e);
        }
    }

    private GitHubUnavailableException late(GitHubRequest request, boolean deadlineNearer, Duration waited, Throwable cause) {
        if (deadlineNearer) {
            return new GitHubDeadlineExceededException("GitHub did not answer " + request.describe()
                    + " within the time left (" + waited.toMillis() + " ms)", cause);
        }
        return new GitHubOutcomeUnknownException("GitHub did not answer " + request.describe() + " within "
                + waited.toMillis() + " ms (" + GitHubSettings.READ_TIMEOUT + ")", 0, cause);
    }

    private Optional<String> authorization(GitHubCredential credential) {
        return switch (credential.kind()) {
            case APP -> Optional.of("Bearer " + app.jwt());
            case INSTALLATION, USER -> Optional.of("Bearer " + credential.secret());
            case NONE -> Optional.empty();
        };
    }

    private GitHubResponse read(GitHubRequest request, HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        int status = response.statusCode();
        showRateLimit(request.credential(), response.headers());
        Optional<GitHubException> failure = GitHubErrors.classify(request.describe(), status, response.headers(), body,
                clock.instant());
        if (request.credential().kind() == GitHubCredential.Kind.APP) {
            app.recordGitHubVerdict(!(failure.orElse(null) instanceof GitHubUnauthorizedException));
        }
        if (failure.isPresent()) {
            GitHubException e = failure.get();
            if (e instanceof GitHubRateLimitedException limited) {
                gate.close(request.credential(), limited.retryAfter());
            }
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine(request.describe() + " answered " + status + ": " + abbreviate(body));
            }
            throw e;
        }
        if (GitHubErrors.remaining(response.headers()).stream().anyMatch(r -> r == 0)) {
            gate.close(request.credential(), GitHubErrors.untilReset(response.headers(), clock.instant()));
        }
        response.headers().firstValue("sunset").ifPresent(sunset -> LOG.warning("GitHub announces that API version "
                + settings.apiVersion() + " ends on " + sunset + "; update " + GitHubSettings.API_VERSION));
        return new GitHubResponse(status, response.headers(), body, false);
    }

    /**
     * The core quota's {@code x-ratelimit-remaining} and {@code -limit} for the metrics: the App's own for App JWT
     * calls, an installation's for its tokens when the caller named the installation. Personal tokens' quotas belong
     * to people and are not shown.
     */
    private void showRateLimit(GitHubCredential credential, HttpHeaders headers) {
        String installation = switch (credential.kind()) {
            case APP -> "app";
            case INSTALLATION -> credential.installationId() > 0 ? String.valueOf(credential.installationId()) : null;
            case USER, NONE -> null;
        };
        if (installation == null || !headers.firstValue("x-ratelimit-resource").orElse("core").equals("core")) {
            return;
        }
        OptionalLong remaining = number(headers, "x-ratelimit-remaining");
        OptionalLong limit = number(headers, "x-ratelimit-limit");
        if (remaining.isPresent() && limit.isPresent()) {
            metrics.rateLimit(app.configuredAppId().orElse("none"), installation, remaining.getAsLong(), limit.getAsLong());
        }
    }

    private static OptionalLong number(HttpHeaders headers, String name) {
        try {
            return headers.firstValue(name).map(v -> OptionalLong.of(Long.parseLong(v.trim()))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
    }
}
