package dev.tokenbroker.github.entity;

/**
 * An answer the broker does not expect and cannot act on: 400, 410 (the pinned API version was retired), a redirect
 * we will not follow, or a body that does not have GitHub's documented shape. Never retried; it points at a bug or
 * a configuration error.
 */
public class GitHubUnexpectedResponseException extends GitHubException {

    public GitHubUnexpectedResponseException(String message, int status, String gitHubMessage) {
        super(message, status, gitHubMessage, null);
    }
}
