package dev.tokenbroker.github.entity;

/**
 * GitHub answered a contents read, but not with something we read as a file: a directory, a symlink or submodule,
 * a file larger than the limit, or bytes that are not valid UTF-8.
 */
public class UnreadableFileException extends GitHubException {

    public UnreadableFileException(String message) {
        super(message, 200, "", null);
    }
}
