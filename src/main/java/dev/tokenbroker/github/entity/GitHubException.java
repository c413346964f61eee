package dev.tokenbroker.github.entity;

/**
 * A call to GitHub did not give the answer we needed. Every status code GitHub can answer is translated into one
 * subclass before any retry logic sees it, so callers and the fault-tolerance layer decide on types, not numbers.
 * Messages never contain a credential; GitHub's own error text is kept separately in {@link #gitHubMessage()}.
 */
public abstract class GitHubException extends RuntimeException {

    private final int status;
    private final String gitHubMessage;

    protected GitHubException(String message, int status, String gitHubMessage, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.gitHubMessage = gitHubMessage == null ? "" : gitHubMessage;
    }

    /** GitHub's HTTP status, or 0 when no response was received. */
    public int status() {
        return status;
    }

    /** The {@code message} field of GitHub's error body, or empty. */
    public String gitHubMessage() {
        return gitHubMessage;
    }
}
