package dev.tokenbroker.github.entity;

/** The account behind a personal token ({@code GET /user}). */
public record GitHubUser(String login, long id) {
}
