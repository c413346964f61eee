package dev.tokenbroker.github.control;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.CountedCache;
import dev.tokenbroker.platform.control.Metrics;

/**
 * The last 200 answer and its ETag for each (credential, URL) read, so that the next read of the same URL with the
 * same credential is a conditional request: GitHub's 304 costs no primary rate limit, and the cached body is reused.
 * Keyed by credential because GitHub's ETags belong to the token that fetched them. Bounded LRU: at most
 * {@value #MAX_ENTRIES} entries and {@value #MAX_TOTAL_CHARS} characters of bodies in all (about 32 MiB; without
 * that budget, 5,000 large policy files could hold over a gigabyte); bodies over 256 Ki characters are not kept.
 */
@ApplicationScoped
public class ConditionalReadCache implements CountedCache {

    record Cached(String etag, GitHubResponse response) {
    }

    private static final int MAX_ENTRIES = 5_000;
    private static final int MAX_BODY_CHARS = 256 * 1024;
    static final long MAX_TOTAL_CHARS = 16L * 1024 * 1024;

    private final LinkedHashMap<String, Cached> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long totalChars;
    private long hits;
    private long misses;
    private long evictions;

    @Inject
    Metrics metrics;

    @PostConstruct
    void register() {
        metrics.cache("github_conditional_reads", this);
    }

    /** Made at start-up, so its metrics are there before the first request. */
    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // nothing else: being created registers the metrics
    }

    synchronized Optional<Cached> lookup(GitHubRequest request) {
        Cached cached = entries.get(key(request));
        if (cached == null) {
            misses++;
        } else {
            hits++;
        }
        return Optional.ofNullable(cached);
    }

    synchronized void store(GitHubRequest request, GitHubResponse response) {
        Optional<String> etag = response.header("etag");
        remove(key(request));
        if (etag.isPresent() && response.status() == 200 && response.body().length() <= MAX_BODY_CHARS) {
            entries.put(key(request), new Cached(etag.get(), response));
            totalChars += response.body().length();
            Iterator<Map.Entry<String, Cached>> eldest = entries.entrySet().iterator();
            while (entries.size() > MAX_ENTRIES || totalChars > MAX_TOTAL_CHARS) {
                totalChars -= eldest.next().getValue().response().body().length();
                eldest.remove();
                evictions++;
            }
        }
    }

    synchronized void forget(GitHubRequest request) {
        remove(key(request));
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized long hits() {
        return hits;
    }

    @Override
    public synchronized long misses() {
        return misses;
    }

    @Override
    public synchronized long evictions() {
        return evictions;
    }

    private void remove(String key) {
        Cached gone = entries.remove(key);
        if (gone != null) {
            totalChars -= gone.response().body().length();
        }
    }

    private static String key(GitHubRequest request) {
        return request.credential().id() + " " + request.uri();
    }
}
