package dev.tokenbroker.github.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.github.entity.GitHubCredential;
import dev.tokenbroker.github.entity.GitHubDeadlineExceededException;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubOutcomeUnknownException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.github.entity.GitHubUnauthorizedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;
import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Sends one HTTP request to GitHub and returns its answer or a typed exception. This is the only place that opens a
 * connection to GitHub, and every attempt is guarded:
 * <ul>
 * <li>{@link GitHubCircuit}: the circuit breaker is asked first and told the outcome; 4xx answers and rate limits
 * count as successes (GitHub is up).</li>
 * <li>{@code @Bulkhead}: at most 16 calls in flight per process; more are refused at once (GitHub itself allows 100
 * concurrent requests and advises against bursts).</li>
 * <li>{@code @Timeout}: 15 s per attempt, a backstop above the HTTP client's own connect and read timeouts.</li>
 * <li>{@link CallDeadline}: an attempt gets at most the time left before the caller's deadline, and none is sent
 * when nothing is left; running out says nothing about GitHub, so the breaker does not count it.</li>
 * </ul>
 * Tune the last two with FT's keys, e.g. {@code dev.tokenbroker.github.control.GitHubTransport/send/Bulkhead/value}.
 * Redirects are followed here, at most three, and only to the API's own origin so a credential never leaves it.
 */
@ApplicationScoped
public class GitHubTransport {

    private static final Logger LOG = Logger.getLogger(GitHubTransport.class.getName());
    private static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 3;

    @Inject
    GitHubSettings settings;

    @Inject
    GitHubAppCredentials app;

    @Inject
    RateLimitGate gate;

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
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
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
            HttpResponse<InputStream> response = exchange(current, timeout);
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 307 || status == 308) {
                if (hop >= MAX_REDIRECTS) {
                    throw new GitHubUnexpectedResponseException("GitHub redirected " + request.describe()
                            + " more than " + MAX_REDIRECTS + " times", status, "");
                }
                current = current.withUri(redirectTarget(current, response));
                discard(response);
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

    private HttpResponse<InputStream> exchange(GitHubRequest request, Duration timeout) {
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
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new GitHubUnavailableException("GitHub could not be reached at " + request.uri().getHost()
                    + " (" + e.getClass().getSimpleName() + ")", 0, null, e);
        } catch (HttpTimeoutException e) {
            if (timeout.compareTo(settings.readTimeout()) < 0) {
                throw new GitHubDeadlineExceededException("GitHub did not answer " + request.describe()
                        + " within the time left (" + timeout.toMillis() + " ms)", e);
            }
            throw new GitHubOutcomeUnknownException("GitHub did not answer " + request.describe() + " within "
                    + settings.readTimeout().toMillis() + " ms (" + GitHubSettings.READ_TIMEOUT + ")", 0, e);
        } catch (IOException e) {
            throw new GitHubOutcomeUnknownException("The connection to GitHub failed during " + request.describe()
                    + " (" + e.getClass().getSimpleName() + ")", 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubOutcomeUnknownException("The call " + request.describe() + " was interrupted", 0, e);
        }
    }

    private Optional<String> authorization(GitHubCredential credential) {
        return switch (credential.kind()) {
            case APP -> Optional.of("Bearer " + app.jwt());
            case INSTALLATION, USER -> Optional.of("Bearer " + credential.secret());
            case NONE -> Optional.empty();
        };
    }

    private GitHubResponse read(GitHubRequest request, HttpResponse<InputStream> response) {
        String body = body(request, response);
        int status = response.statusCode();
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

    private static String body(GitHubRequest request, HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new GitHubUnexpectedResponseException("GitHub's answer to " + request.describe() + " is larger than "
                        + MAX_BODY_BYTES + " bytes", response.statusCode(), "");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GitHubOutcomeUnknownException("The connection to GitHub failed while reading the answer to "
                    + request.describe() + " (" + e.getClass().getSimpleName() + ")", 0, e);
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.readNBytes(64 * 1024);
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not drain a redirect body", e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
    }
}
