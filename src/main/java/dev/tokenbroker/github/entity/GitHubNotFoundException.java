package dev.tokenbroker.github.entity;

/** 404: not installed, no such file, or no access (GitHub hides private resources as 404). Never retried. */
public class GitHubNotFoundException extends GitHubException {

    public GitHubNotFoundException(String what, String gitHubMessage) {
        super("GitHub answered 404 for " + what, 404, gitHubMessage, null);
    }
}
