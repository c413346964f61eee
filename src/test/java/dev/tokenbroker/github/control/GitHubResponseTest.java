package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Revalidating a stored answer with a 304 (RFC 9111 §4.3.4). */
class GitHubResponseTest {

    private static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (name, value) -> true);
    }

    private final GitHubResponse stored = new GitHubResponse(200, headers(Map.of(
            "link", List.of("<https://api.github.com/user/orgs?per_page=100&page=2>; rel=\"next\""),
            "etag", List.of("\"abc\""),
            "x-ratelimit-remaining", List.of("4999"),
            "content-length", List.of("1234"))), "[{\"id\":1}]", false);

    @Test
    void storedFieldsThatThe304LacksAreKeptLinkAmongThem() {
        GitHubResponse revalidated = stored.revalidatedBy(headers(Map.of("etag", List.of("\"abc\""))));
        assertThat(revalidated.header("link")).hasValueSatisfying(link -> assertThat(link).contains("page=2"));
        assertThat(revalidated.body()).isEqualTo("[{\"id\":1}]");
        assertThat(revalidated.status()).isEqualTo(200);
    }

    @Test
    void fieldsThe304SendsReplaceTheStoredOnesButNotTheFraming() {
        GitHubResponse revalidated = stored.revalidatedBy(headers(Map.of(
                "X-RateLimit-Remaining", List.of("4998"), "etag", List.of("\"abc\""), "content-length", List.of("0"))));
        assertThat(revalidated.header("x-ratelimit-remaining")).hasValue("4998");
        assertThat(revalidated.headers().allValues("x-ratelimit-remaining")).containsExactly("4998");
        assertThat(revalidated.header("content-length")).as("the 304's own framing").hasValue("1234");
    }

    @Test
    void servedFromTheCacheItIsMarkedNotModified() {
        GitHubResponse served = stored.revalidatedBy(headers(Map.of())).asNotModified();
        assertThat(served.notModified()).isTrue();
        assertThat(served.status()).isEqualTo(304);
        assertThat(served.header("link")).isPresent();
    }
}
