package dev.tokenbroker.github.control;

import java.net.URI;
import java.util.Objects;

import dev.tokenbroker.github.entity.GitHubCredential;

/**
 * One call to GitHub. {@code mutating} calls (the mint, a revoke) are never retried after GitHub may have acted on
 * them. {@link #describe()} names the call for messages and logs without its query or any credential.
 */
record GitHubRequest(String method, URI uri, GitHubCredential credential, String jsonBody, String ifNoneMatch) {

    GitHubRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(credential, "credential");
    }

    static GitHubRequest get(URI uri, GitHubCredential credential) {
        return new GitHubRequest("GET", uri, credential, null, null);
    }

    static GitHubRequest post(URI uri, GitHubCredential credential, String jsonBody) {
        return new GitHubRequest("POST", uri, credential, jsonBody, null);
    }

    static GitHubRequest delete(URI uri, GitHubCredential credential) {
        return new GitHubRequest("DELETE", uri, credential, null, null);
    }

    boolean mutating() {
        return !"GET".equals(method);
    }

    GitHubRequest withUri(URI other) {
        return new GitHubRequest(method, other, credential, jsonBody, ifNoneMatch);
    }

    GitHubRequest withIfNoneMatch(String etag) {
        return new GitHubRequest(method, uri, credential, jsonBody, etag);
    }

    String describe() {
        return method + " " + uri.getRawPath();
    }
}
