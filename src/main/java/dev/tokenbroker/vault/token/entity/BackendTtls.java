package dev.tokenbroker.vault.token.entity;

/**
 * The TTL settings an auth method's config gives its tokens, in whole seconds, 0 meaning "not set" (Vault's backend
 * TTL, max TTL and period, vault-api.md §4.5). Read again at each renewal, so a config change applies then.
 */
public record BackendTtls(long ttl, long maxTtl, long period) {
}
