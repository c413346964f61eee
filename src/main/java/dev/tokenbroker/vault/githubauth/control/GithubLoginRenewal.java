package dev.tokenbroker.vault.githubauth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.Cidr;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.crypto.control.Secrets;
import dev.tokenbroker.vault.crypto.control.VaultKeys;
import dev.tokenbroker.vault.githubauth.entity.GithubAuthConfig;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.token.control.TokenRenewal;
import dev.tokenbroker.vault.token.entity.BackendTtls;

/**
 * Renewal of a GitHub login token (vault-api.md §5.7): the stored personal token is decrypted and the whole login
 * verification runs again against the current config and mappings. <b>Broker fix of Vault's renewal bug:</b> the
 * freshly mapped team and user policies are compared with those mapped at login (not with all token policies, which
 * include the config's {@code token_policies} and made every such renewal fail). Any failure is 500
 * {@code failed to renew entry: <cause>}, and the token stays valid until its current TTL ends.
 */
@ApplicationScoped
public class GithubLoginRenewal implements TokenRenewal.LoginRenewal {

    @Inject
    GithubAuthStore store;

    @Inject
    GithubLogin login;

    @Inject
    VaultKeys keys;

    @Override
    public boolean renews(String loginPath) {
        return GithubLogin.LOGIN_PATH.equals(loginPath);
    }

    @Override
    public BackendTtls verify(TokenInfo token, String clientAddress) {
        GithubAuthConfig config = store.config().orElseThrow(() -> failed("configuration has not been set"));
        if (!Cidr.admits(config.tokenBoundCidrList(), clientAddress)) {
            throw failed("permission denied");
        }
        String pat;
        try {
            pat = keys.secrets().decrypt(Secrets.PAT, token.encryptedPat().orElseThrow(), token.hash());
        } catch (RuntimeException e) {
            throw failed("stored GitHub token cannot be decrypted; log in again");
        }
        GithubLogin.Verified verified;
        try {
            verified = login.verify(config, pat);
        } catch (VaultException e) {
            String cause = e.errors().isEmpty() ? "verification failed" : e.errors().get(0);
            if (e.retryAfter().isPresent()) {
                throw VaultException.unavailable(false, "failed to renew entry: " + cause, e.retryAfter().get());
            }
            throw failed(cause);
        }
        if (!verified.mapped().equals(PolicyStore.normalize(token.mappedPolicies().orElse(java.util.List.of())))) {
            throw failed("policies do not match");
        }
        return GithubLogin.ttls(config);
    }

    private static VaultException failed(String cause) {
        return VaultException.failed("failed to renew entry: " + cause);
    }
}
