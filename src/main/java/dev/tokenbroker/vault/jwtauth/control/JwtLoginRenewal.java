package dev.tokenbroker.vault.jwtauth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.vault.jwtauth.entity.JwtRole;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.token.control.TokenRenewal;
import dev.tokenbroker.vault.token.entity.BackendTtls;

/**
 * Renewal of a JWT login token, as Vault's {@code pathLoginRenew}: the role it logged in with must still exist, and
 * its current TTL settings apply; the claims are not checked again (the JWT is not kept). A failure is 500 {@code
 * failed to renew entry: <cause>}, and the token stays valid until its current TTL ends.
 */
@ApplicationScoped
public class JwtLoginRenewal implements TokenRenewal.LoginRenewal {

    @Inject
    JwtMounts mounts;

    @Inject
    JwtAuthStore store;

    @Override
    public boolean renews(String loginPath) {
        return mounts.mountOfLoginPath(loginPath).isPresent();
    }

    @Override
    public BackendTtls verify(TokenInfo token, String clientAddress) {
        String mount = mounts.mountOfLoginPath(token.path()).orElseThrow();
        String role = token.meta().getOrDefault("role", "");
        if (role.isEmpty()) {
            throw failed("failed to fetch role_name during renewal");
        }
        JwtRole found = store.role(mount, role).orElseThrow(() -> failed("role " + role + " does not exist during renewal"));
        return JwtLogin.ttls(found);
    }

    private static VaultException failed(String cause) {
        return VaultException.failed("failed to renew entry: " + cause);
    }
}
