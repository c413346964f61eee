package dev.tokenbroker.github.entity;

/** A team the token's user belongs to, with the organisation that owns it. */
public record Team(long id, String name, String slug, long organizationId, String organizationLogin) {
}
