package dev.tokenbroker.github.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The last 200 answer and its ETag for each (credential, URL) read, so that the next read of the same URL with the
 * same credential is a conditional request: GitHub's 304 costs no primary rate limit, and the cached body is reused.
 * Keyed by credential because GitHub's ETags belong to the token that fetched them. Bounded LRU; bodies over
 * 256 KiB are not kept.
 */
@ApplicationScoped
public class ConditionalReadCache {

    record Cached(String etag, GitHubResponse response) {
    }

    private static final int MAX_ENTRIES = 5_000;
    private static final int MAX_BODY_CHARS = 256 * 1024;

    private final Map<String, Cached> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized Optional<Cached> lookup(GitHubRequest request) {
        return Optional.ofNullable(entries.get(key(request)));
    }

    synchronized void store(GitHubRequest request, GitHubResponse response) {
        Optional<String> etag = response.header("etag");
        if (etag.isPresent() && response.status() == 200 && response.body().length() <= MAX_BODY_CHARS) {
            entries.put(key(request), new Cached(etag.get(), response));
        } else {
            entries.remove(key(request));
        }
    }

    synchronized void forget(GitHubRequest request) {
        entries.remove(key(request));
    }

    private static String key(GitHubRequest request) {
        return request.credential().id() + " " + request.uri();
    }
}
