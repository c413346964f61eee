/**
 * The GitHub auth method, {@code auth/github} (vault-api.md §2–4): its config, team and user mappings, and login
 * and renewal checks against GitHub's user, organisation and team APIs. A login verifies the personal token and
 * hands what it found to the token package's issuing path.
 * <p>
 * Does not belong here: token creation rules and TTLs ({@code token}), HTTP calls ({@code github}).
 */
package dev.tokenbroker.vault.githubauth;
