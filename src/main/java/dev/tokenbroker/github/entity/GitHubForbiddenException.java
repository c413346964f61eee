package dev.tokenbroker.github.entity;

/**
 * 403 without any rate-limit marker: a missing permission, SAML SSO enforcement, an IP allow list or a suspended
 * installation. It is not a rate limit and is never retried.
 */
public class GitHubForbiddenException extends GitHubException {

    public GitHubForbiddenException(String what, String gitHubMessage) {
        super("GitHub answered 403 for " + what, 403, gitHubMessage, null);
    }
}
