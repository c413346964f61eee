package dev.tokenbroker.github.entity;

/**
 * A transient failure after the request may have reached GitHub: a 500 or another unexpected 5xx, or no answer
 * within the timeout. A read may be retried; a mint must not, because GitHub may already have issued a token.
 */
public class GitHubOutcomeUnknownException extends GitHubUnavailableException {

    public GitHubOutcomeUnknownException(String message, int status, Throwable cause) {
        super(message, status, null, cause);
    }
}
