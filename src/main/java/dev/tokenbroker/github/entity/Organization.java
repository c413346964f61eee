package dev.tokenbroker.github.entity;

/** An organisation; its id is stable across renames, its login is not. */
public record Organization(String login, long id) {
}
