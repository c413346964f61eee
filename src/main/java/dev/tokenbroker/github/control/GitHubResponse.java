package dev.tokenbroker.github.control;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A successful (2xx or 304) answer from GitHub. {@code notModified} is set when GitHub answered 304 and
 * {@code body} is the cached body for the ETag we sent.
 */
record GitHubResponse(int status, HttpHeaders headers, String body, boolean notModified) {

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /**
     * This stored 200, revalidated by a 304 carrying {@code fresh}: the body and the stored header fields stay, and
     * each field the 304 sends replaces the stored one of that name (RFC 9111 §4.3.4), except the framing fields,
     * which describe the 304 itself. A 304 from GitHub has no {@code Link}, so the stored pagination links survive.
     */
    GitHubResponse revalidatedBy(HttpHeaders fresh) {
        Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(headers.map());
        fresh.map().forEach((name, values) -> {
            if (!FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                merged.put(name, values);
            }
        });
        return new GitHubResponse(status, HttpHeaders.of(merged, (name, value) -> true), body, false);
    }

    /** The same stored answer, marked as served from the cache after a 304. */
    GitHubResponse asNotModified() {
        return new GitHubResponse(304, headers, body, true);
    }

    private static final Set<String> FRAMING = Set.of("content-length", "content-encoding", "transfer-encoding",
            "content-range", "connection");
}
