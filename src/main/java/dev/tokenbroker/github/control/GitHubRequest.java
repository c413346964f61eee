package dev.tokenbroker.github.control;

import java.net.URI;
import java.util.Objects;

import dev.tokenbroker.github.entity.GitHubCredential;

/**
 * One call to GitHub. {@code mutating} calls (the mint, a revoke, a check run) are never retried after GitHub may have acted on
 * them. {@link #describe()} names the call for messages and logs without its query or any credential.
 */
record GitHubRequest(String method, URI uri, GitHubCredential credential, String jsonBody, String ifNoneMatch,
                     boolean singleAttempt) {

    GitHubRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(credential, "credential");
    }

    static GitHubRequest get(URI uri, GitHubCredential credential) {
        return new GitHubRequest("GET", uri, credential, null, null, false);
    }

    static GitHubRequest post(URI uri, GitHubCredential credential, String jsonBody) {
        return new GitHubRequest("POST", uri, credential, jsonBody, null, false);
    }

    static GitHubRequest patch(URI uri, GitHubCredential credential, String jsonBody) {
        return new GitHubRequest("PATCH", uri, credential, jsonBody, null, false);
    }

    static GitHubRequest delete(URI uri, GitHubCredential credential) {
        return new GitHubRequest("DELETE", uri, credential, null, null, false);
    }

    /** Sent once, without the retry layer (personal-token login: the caller decides what a failure means). */
    GitHubRequest once() {
        return new GitHubRequest(method, uri, credential, jsonBody, ifNoneMatch, true);
    }

    boolean mutating() {
        return !"GET".equals(method);
    }

    GitHubRequest withUri(URI other) {
        return new GitHubRequest(method, other, credential, jsonBody, ifNoneMatch, singleAttempt);
    }

    GitHubRequest withIfNoneMatch(String etag) {
        return new GitHubRequest(method, uri, credential, jsonBody, etag, singleAttempt);
    }

    /** The origin a redirect or next page must stay on: this request's own. */
    boolean sameOrigin(URI other) {
        return Objects.equals(other.getScheme(), uri.getScheme()) && uri.getHost() != null
                && uri.getHost().equalsIgnoreCase(String.valueOf(other.getHost())) && other.getPort() == uri.getPort();
    }

    String describe() {
        return method + " " + uri.getRawPath();
    }
}
