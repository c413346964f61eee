package dev.tokenbroker.vault.token.control;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import dev.tokenbroker.vault.logical.control.VaultSettings;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.token.entity.BackendTtls;

/**
 * Renewal of service tokens (vault-api.md §5.6–5.7). Tokens from {@code auth/token/create*} renew without calling
 * anybody; tokens from a GitHub login are verified against GitHub again first by the {@link LoginRenewal} the GitHub
 * auth method provides. A failed renewal never revokes the token.
 */
@ApplicationScoped
public class TokenRenewal {

    /** An auth method's check at renewal of the tokens its logins made (Vault's renew callback of a credential backend). */
    public interface LoginRenewal {
        /** Whether the method's logins made tokens with this login path (as stored with each). */
        boolean renews(String loginPath);

        /** @return the method's current TTL settings; throws when the login would no longer succeed */
        BackendTtls verify(TokenInfo token, String clientAddress);
    }

    @Inject
    TokenStore tokens;

    @Inject
    VaultSettings settings;

    @Inject
    Instance<LoginRenewal> loginRenewals;

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
        BackendTtls backend = new BackendTtls(token.creationTtl(), 0, token.period());
        if (token.source().equals(TokenIssuer.FROM_LOGIN)) {
            LoginRenewal method = loginRenewals.stream().filter(m -> m.renews(token.path())).findFirst()
                    .orElseThrow(() -> VaultException.failed("failed to renew entry: the auth method of " + token.path()
                            + " is not available"));
            backend = method.verify(token, clientAddress);
        }
        Instant now = clock.instant();
        TokenTtl.Result ttl = TokenTtl.calculate(settings.defaultTtl(), settings.maxTtl(), backend.ttl(), backend.maxTtl(),
                token.explicitMaxTtl(), backend.period(), increment, token.issueTime(), now);
        tokens.renewed(token.hash(), now.plusSeconds(ttl.ttl()), now);
        audit.record("vault.token", java.util.Map.of("operation", "renew", "decision", "granted", "accessor", token.accessor(),
                "client", clientAddress, "ttl", ttl.ttl()));
        TokenInfo renewed = tokens.byAccessor(token.accessor()).orElse(token);
        return VaultResponse.auth(TokenViews.auth(renewed, clientToken, ttl.ttl())).warnings(ttl.warnings());
    }
}
