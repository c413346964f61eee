package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubForbiddenException;
import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.GitHubOutcomeUnknownException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.github.entity.GitHubRejectedException;
import dev.tokenbroker.github.entity.GitHubUnauthorizedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;
import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitHubErrorsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String RESET_IN_1200 = String.valueOf(NOW.plusSeconds(1200).getEpochSecond());

    static Stream<Arguments> answers() {
        return Stream.of(
                // name, status, headers, body, expected type
                Arguments.of("bad JWT", 401, Map.of(), "{\"message\":\"Bad credentials\"}", GitHubUnauthorizedException.class),
                Arguments.of("plain 403 is a refusal, not a limit", 403, Map.of("x-ratelimit-remaining", "4999"),
                        "{\"message\":\"Resource not accessible by integration\"}", GitHubForbiddenException.class),
                Arguments.of("403 with retry-after is a secondary limit", 403, Map.of("retry-after", "60"), "{}",
                        GitHubRateLimitedException.class),
                Arguments.of("403 mentioning the secondary limit", 403, Map.of(),
                        "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes.\"}",
                        GitHubRateLimitedException.class),
                Arguments.of("403 with quota exhausted is the primary limit", 403,
                        Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", RESET_IN_1200),
                        "{\"message\":\"API rate limit exceeded for installation ID 1.\"}", GitHubRateLimitedException.class),
                Arguments.of("429", 429, Map.of(), "{}", GitHubRateLimitedException.class),
                Arguments.of("404", 404, Map.of(), "{\"message\":\"Not Found\"}", GitHubNotFoundException.class),
                Arguments.of("422 is a refusal", 422, Map.of(), "{\"message\":\"Validation Failed\"}", GitHubRejectedException.class),
                Arguments.of("422 with limit headers is a limit", 422,
                        Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", RESET_IN_1200), "{}",
                        GitHubRateLimitedException.class),
                Arguments.of("500 may have been processed", 500, Map.of(), "", GitHubOutcomeUnknownException.class),
                Arguments.of("501 may have been processed", 501, Map.of(), "", GitHubOutcomeUnknownException.class),
                Arguments.of("502 was not processed", 502, Map.of(), "", GitHubUnavailableException.class),
                Arguments.of("503 was not processed", 503, Map.of(), "", GitHubUnavailableException.class),
                Arguments.of("504 was not processed", 504, Map.of(), "", GitHubUnavailableException.class),
                Arguments.of("400", 400, Map.of(), "{\"message\":\"Problems parsing JSON\"}", GitHubUnexpectedResponseException.class),
                Arguments.of("410 retired API version", 410, Map.of(), "", GitHubUnexpectedResponseException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void statusBecomesItsType(String name, int status, Map<String, String> headers, String body,
                              Class<? extends GitHubException> expected) {
        GitHubException e = GitHubErrors.classify("GET /x", status, headers(headers), body, NOW).orElseThrow();
        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.status()).isEqualTo(status);
    }

    @Test
    void successAndNotModifiedAreNoErrors() {
        for (int status : List.of(200, 201, 204, 304)) {
            assertThat(GitHubErrors.classify("GET /x", status, headers(Map.of()), "", NOW)).isEmpty();
        }
    }

    @Test
    void primaryLimitWaitsUntilTheReset() {
        GitHubRateLimitedException e = (GitHubRateLimitedException) GitHubErrors.classify("GET /x", 403,
                headers(Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", RESET_IN_1200)), "{}", NOW).orElseThrow();
        assertThat(e.primary()).isTrue();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1200));
    }

    @Test
    void secondaryLimitHonoursRetryAfterOrWaitsAMinute() {
        GitHubRateLimitedException withHeader = (GitHubRateLimitedException) GitHubErrors.classify("GET /x", 429,
                headers(Map.of("retry-after", "1")), "{}", NOW).orElseThrow();
        assertThat(withHeader.primary()).isFalse();
        assertThat(withHeader.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        GitHubRateLimitedException without = (GitHubRateLimitedException) GitHubErrors.classify("GET /x", 403,
                headers(Map.of()), "{\"message\":\"secondary rate limit\"}", NOW).orElseThrow();
        assertThat(without.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aResetInThePastStillWaitsOneSecond() {
        GitHubRateLimitedException e = (GitHubRateLimitedException) GitHubErrors.classify("GET /x", 403,
                headers(Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "5")), "{}", NOW).orElseThrow();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void keepsGitHubsMessageForRefusals() {
        GitHubException e = GitHubErrors.classify("POST /mint", 422, headers(Map.of()),
                "{\"message\":\"There is at least one repository that does not exist or is not accessible to the parent installation.\"}",
                NOW).orElseThrow();
        assertThat(e.gitHubMessage()).startsWith("There is at least one repository");
    }

    @Test
    void gitHubMessageIgnoresNonJsonAndStripsControlCharacters() {
        assertThat(GitHubErrors.gitHubMessage("<html>502</html>")).isEmpty();
        assertThat(GitHubErrors.gitHubMessage("{\"message\":42}")).isEmpty();
        assertThat(GitHubErrors.gitHubMessage("{\"message\":\"a\\nb\"}")).isEqualTo("a b");
        assertThat(GitHubErrors.gitHubMessage("{\"message\":\"" + "x".repeat(1000) + "\"}")).hasSizeLessThan(310);
    }

    @Test
    void goneNamesTheApiVersionSetting() {
        assertThat(GitHubErrors.classify("GET /app", 410, headers(Map.of()), "", NOW).orElseThrow())
                .hasMessageContaining("broker.github.api-version");
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> map = new HashMap<>();
        values.forEach((k, v) -> map.put(k, List.of(v)));
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
