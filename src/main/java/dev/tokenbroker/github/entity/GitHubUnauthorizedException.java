package dev.tokenbroker.github.entity;

/** 401: GitHub did not accept the credential (App JWT, installation token or personal token). */
public class GitHubUnauthorizedException extends GitHubException {

    public GitHubUnauthorizedException(String what, String gitHubMessage) {
        super("GitHub rejected the credential for " + what + " (401)", 401, gitHubMessage, null);
    }
}
