package dev.tokenbroker.github.control;

import java.io.StringReader;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubForbiddenException;
import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.GitHubOutcomeUnknownException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.github.entity.GitHubRejectedException;
import dev.tokenbroker.github.entity.GitHubUnauthorizedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;
import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;
import dev.tokenbroker.platform.control.CachedJson;

/**
 * Translates GitHub's answers into typed exceptions (github-api.md §4.4), so that retry logic and callers decide on
 * types. Rate limits are recognised by headers, never by trusting a 403's text alone: a 403 without
 * {@code retry-after}, {@code x-ratelimit-remaining: 0} or a secondary-limit message is a real refusal.
 */
final class GitHubErrors {

    /** Secondary-limit answers without {@code retry-after}: GitHub advises waiting at least a minute. */
    static final Duration DEFAULT_SECONDARY_WAIT = Duration.ofSeconds(60);
    private static final int MAX_MESSAGE = 300;

    private GitHubErrors() {
    }

    /** The exception for a non-success answer, or empty for 2xx and 304. */
    static Optional<GitHubException> classify(String call, int status, HttpHeaders headers, String body, Instant now) {
        if ((status >= 200 && status < 300) || status == 304) {
            return Optional.empty();
        }
        String message = gitHubMessage(body);
        Optional<Duration> retryAfter = retryAfter(headers);
        boolean exhausted = remaining(headers).stream().anyMatch(r -> r == 0);
        boolean secondary = message.toLowerCase(Locale.ROOT).contains("secondary rate limit");
        return Optional.of(switch (status) {
            case 401 -> new GitHubUnauthorizedException(call, message);
            case 403, 429 -> {
                if (retryAfter.isPresent() || secondary) {
                    yield new GitHubRateLimitedException(call, status, false, retryAfter.orElse(DEFAULT_SECONDARY_WAIT), message);
                }
                if (exhausted) {
                    yield new GitHubRateLimitedException(call, status, true, untilReset(headers, now), message);
                }
                yield status == 429
                        ? new GitHubRateLimitedException(call, status, false, DEFAULT_SECONDARY_WAIT, message)
                        : new GitHubForbiddenException(call, message);
            }
            case 404 -> new GitHubNotFoundException(call, message);
            case 422 -> {
                if (retryAfter.isPresent() || exhausted) {
                    yield new GitHubRateLimitedException(call, status, exhausted,
                            retryAfter.orElseGet(() -> untilReset(headers, now)), message);
                }
                yield new GitHubRejectedException(call, message.isEmpty() ? "Validation failed" : message);
            }
            case 502, 503, 504 -> new GitHubUnavailableException("GitHub is unavailable: " + call + " answered " + status,
                    status, null, null);
            default -> status >= 500
                    ? new GitHubOutcomeUnknownException("GitHub failed: " + call + " answered " + status, status, null)
                    : new GitHubUnexpectedResponseException(unexpected(call, status), status, message);
        });
    }

    /** The primary limit's remaining count, when GitHub sent one. */
    static OptionalLong remaining(HttpHeaders headers) {
        return longHeader(headers, "x-ratelimit-remaining");
    }

    /** Time until {@code x-ratelimit-reset} (epoch seconds), or the secondary-limit default when absent. */
    static Duration untilReset(HttpHeaders headers, Instant now) {
        OptionalLong reset = longHeader(headers, "x-ratelimit-reset");
        if (reset.isEmpty()) {
            return DEFAULT_SECONDARY_WAIT;
        }
        Duration d = Duration.between(now, Instant.ofEpochSecond(reset.getAsLong()));
        return d.isNegative() ? Duration.ofSeconds(1) : d;
    }

    /** {@code retry-after} in seconds; GitHub sends seconds, an HTTP date or garbage is read as the default wait. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("retry-after").map(v -> {
            try {
                long seconds = Long.parseLong(v.trim());
                return seconds < 0 ? DEFAULT_SECONDARY_WAIT : Duration.ofSeconds(Math.min(seconds, 86_400));
            } catch (NumberFormatException e) {
                return DEFAULT_SECONDARY_WAIT;
            }
        });
    }

    /** GitHub's {@code message} from an error body, shortened and stripped of control characters; empty if none. */
    static String gitHubMessage(String body) {
        if (body == null || body.isBlank() || body.charAt(0) != '{') {
            return "";
        }
        try (JsonReader reader = CachedJson.createReader(new StringReader(body))) {
            JsonObject o = reader.readObject();
            JsonValue m = o.get("message");
            if (m == null || m.getValueType() != JsonValue.ValueType.STRING) {
                return "";
            }
            String text = o.getString("message").replaceAll("\\p{Cntrl}", " ").strip();
            return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String unexpected(String call, int status) {
        if (status == 410) {
            return "GitHub answered 410 Gone for " + call + ": the pinned API version (broker.github.api-version) "
                    + "may have been retired";
        }
        return "GitHub answered " + status + " for " + call + ", which the broker does not expect";
    }

    private static OptionalLong longHeader(HttpHeaders headers, String name) {
        Optional<String> v = headers.firstValue(name);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
