package dev.tokenbroker.github.entity;

/**
 * 422 without rate-limit markers: GitHub validated the request and refused it (for a mint, a permission not
 * granted to the installation or a repository outside it). Never retried.
 */
public class GitHubRejectedException extends GitHubException {

    public GitHubRejectedException(String what, String gitHubMessage) {
        super("GitHub refused " + what + ": " + gitHubMessage, 422, gitHubMessage, null);
    }
}
