package dev.tokenbroker.github.entity;

/**
 * The broker cannot talk to GitHub as its App because a setting is missing or unusable. Nothing was sent to GitHub.
 * The message names the setting to fix and never contains a secret.
 */
public class GitHubNotConfiguredException extends GitHubException {

    private final String setting;

    public GitHubNotConfiguredException(String setting, String message) {
        super(message, 0, "", null);
        this.setting = setting;
    }

    /** The configuration key to fix, e.g. {@code broker.github.app-id}. */
    public String setting() {
        return setting;
    }
}
