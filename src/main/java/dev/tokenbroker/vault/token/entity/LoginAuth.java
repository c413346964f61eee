package dev.tokenbroker.vault.token.entity;

import java.util.List;
import java.util.Map;

import dev.tokenbroker.vault.logical.entity.TokenType;

/**
 * What an auth method's login found and asks for (Vault's {@code logical.Auth}): whom the token is for, the policies
 * the method mapped, and the method's configured token settings. The token package's {@code TokenIssuer} applies the
 * rules every login shares (no root, no reserved policy, {@code default} unless refused, Vault's TTL arithmetic).
 *
 * @param path the login path, which renewals are routed back by ({@code auth/github/login})
 */
public record LoginAuth(String path, String displayName, Map<String, String> metadata, String entityId,
                        List<String> policies, boolean noDefaultPolicy, TokenType type, BackendTtls ttls,
                        long explicitMaxTtl, long numUses, List<String> boundCidrs, TokenSpec.LoginData loginData) {

    public LoginAuth {
        metadata = Map.copyOf(metadata);
        policies = List.copyOf(policies);
        boundCidrs = List.copyOf(boundCidrs);
    }

    /** Never the personal token. */
    @Override
    public String toString() {
        return "LoginAuth[" + path + ", " + displayName + ", policies=" + policies + "]";
    }
}
