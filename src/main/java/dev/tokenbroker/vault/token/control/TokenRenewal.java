package dev.tokenbroker.vault.token.control;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.control.VaultSettings;

/**
 * Renewal of service tokens (vault-api.md §5.6–5.7). Tokens from {@code auth/token/create*} renew without calling
 * anybody; tokens from a GitHub login are verified against GitHub again first by the {@link LoginRenewal} the GitHub
 * auth method provides. A failed renewal never revokes the token.
 */
@ApplicationScoped
public class TokenRenewal {

    /** Re-verifies a GitHub login token and returns the current config's TTL settings for it. */
    public interface LoginRenewal {
        /** @return {backendTtl, backendMax, period} from the current config; throws on a failed verification */
        long[] verify(TokenInfo token, String clientAddress);
    }

    @Inject
    TokenStore tokens;

    @Inject
    VaultSettings settings;

    @Inject
    Instance<LoginRenewal> loginRenewal;

    @Inject
    Clock clock;

    @Inject
    dev.tokenbroker.audit.control.AuditLog audit;

    /** @param clientToken what {@code auth.client_token} shows: the token, or {@code ""} for accessor renewals */
    public VaultResponse renew(TokenInfo token, long increment, String clientAddress, String clientToken) {
        try {
            return renewOrFail(token, increment, clientAddress, clientToken);
        } catch (VaultException e) {
            audit.record("vault.token", java.util.Map.of("operation", "renew", "decision", "denied", "accessor", token.accessor(),
                    "client", clientAddress, "reason", e.errors().isEmpty() ? "" : e.errors().get(0)));
            throw e;
        }
    }

    private VaultResponse renewOrFail(TokenInfo token, long increment, String clientAddress, String clientToken) {
        if (token.batch()) {
            throw VaultException.invalid("batch tokens cannot be renewed");
        }
        if (!token.renewable() || !token.expiring()) {
            throw VaultException.invalid("lease is not renewable");
        }
        long backendTtl = token.creationTtl();
        long backendMax = 0;
        long period = token.period();
        if (token.path().equals("auth/github/login")) {
            if (loginRenewal.isUnsatisfied()) {
                throw VaultException.failed("failed to renew entry: the GitHub auth method is not available");
            }
            long[] current = loginRenewal.get().verify(token, clientAddress);
            backendTtl = current[0];
            backendMax = current[1];
            period = current[2];
        }
        Instant now = clock.instant();
        TokenTtl.Result ttl = TokenTtl.calculate(settings.defaultTtl(), settings.maxTtl(), backendTtl, backendMax,
                token.explicitMaxTtl(), period, increment, token.issueTime(), now);
        tokens.renewed(token.hash(), now.plusSeconds(ttl.ttl()), now);
        audit.record("vault.token", java.util.Map.of("operation", "renew", "decision", "granted", "accessor", token.accessor(),
                "client", clientAddress, "ttl", ttl.ttl()));
        TokenInfo renewed = tokens.byAccessor(token.accessor()).orElse(token);
        return VaultResponse.auth(TokenViews.auth(renewed, clientToken, ttl.ttl())).warnings(ttl.warnings());
    }
}
