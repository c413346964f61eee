package dev.tokenbroker.github.entity;

/**
 * GitHub's pages could not be followed safely: more pages than the broker reads, or a {@code next} link to another
 * host. Distinct from an answer of the wrong shape, so that callers can say which it was.
 */
public class GitHubPaginationException extends GitHubUnexpectedResponseException {

    public GitHubPaginationException(String message) {
        super(message, 200, "");
    }
}
