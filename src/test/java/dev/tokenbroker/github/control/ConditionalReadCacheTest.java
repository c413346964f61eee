package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.github.entity.GitHubCredential;

class ConditionalReadCacheTest {

    private final ConditionalReadCache cache = new ConditionalReadCache();

    private static GitHubRequest read(int n) {
        return GitHubRequest.get(URI.create("https://api.github.com/repos/o/r" + n + "/contents/access-token.yaml"),
                GitHubCredential.installationToken("ghs_reader"));
    }

    private static GitHubResponse answer(int chars) {
        return new GitHubResponse(200, HttpHeaders.of(Map.of("etag", List.of("\"v1\"")), (k, v) -> true), "x".repeat(chars), false);
    }

    @Test
    void largeBodiesAreEvictedOnceTheCharacterBudgetIsSpent() {
        int body = 200 * 1024;
        long fit = ConditionalReadCache.MAX_TOTAL_CHARS / body;
        for (int i = 0; i < fit + 50; i++) {
            cache.store(read(i), answer(body));
        }
        assertThat(cache.size()).isEqualTo((int) fit);
        assertThat(cache.lookup(read(0))).as("the least recently used went first").isEmpty();
        assertThat(cache.lookup(read((int) fit + 49))).isPresent();
        assertThat(cache.evictions()).as("counted for the metrics").isEqualTo(50);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void replacingOrForgettingAnEntryGivesItsCharactersBack() {
        int body = 200 * 1024;
        long fit = ConditionalReadCache.MAX_TOTAL_CHARS / body;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < fit; i++) {
                cache.store(read(i), answer(body));
            }
        }
        assertThat(cache.size()).as("the same entries stored again take no more room").isEqualTo((int) fit);
        cache.forget(read(0));
        cache.store(read(10_000), answer(body));
        assertThat(cache.lookup(read(1))).as("forgetting made room, nothing else was evicted").isPresent();
    }

    @Test
    void bodiesOverTheEntryLimitAreNotKept() {
        cache.store(read(1), answer(256 * 1024 + 1));
        assertThat(cache.lookup(read(1))).isEmpty();
    }
}
