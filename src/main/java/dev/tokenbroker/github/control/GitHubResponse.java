package dev.tokenbroker.github.control;

import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A successful (2xx or 304) answer from GitHub. {@code notModified} is set when GitHub answered 304 and
 * {@code body} is the cached body for the ETag we sent.
 */
record GitHubResponse(int status, HttpHeaders headers, String body, boolean notModified) {

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    GitHubResponse asNotModified(HttpHeaders fresh) {
        return new GitHubResponse(304, fresh, body, true);
    }
}
