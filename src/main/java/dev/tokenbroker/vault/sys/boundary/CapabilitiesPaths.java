package dev.tokenbroker.vault.sys.boundary;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.vault.acl.boundary.PolicyPaths;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.token.control.TokenStore;

/**
 * {@code sys/capabilities} and {@code sys/capabilities-accessor}: what another token may do on paths, named by the
 * token or by its accessor (Vault's {@code handleCapabilities}); the caller needs {@code update} on the path. Answers
 * as {@code sys/capabilities-self} does, with the data copied to the top level.
 */
@ApplicationScoped
public class CapabilitiesPaths implements VaultPaths {

    private static final String MOUNT = "system";

    @Inject
    TokenStore tokens;

    @Inject
    PolicyStore policies;

    @Override
    public List<VaultRoute> routes() {
        return List.of(
                VaultRoute.of("sys/capabilities", MOUNT, Set.of(Operation.UPDATE), this::byToken),
                VaultRoute.of("sys/capabilities-accessor", MOUNT, Set.of(Operation.UPDATE), this::byAccessor));
    }

    private VaultResponse byToken(VaultRequest request, Matcher match) {
        String token = new Fields(request.data()).string("token").orElse("");
        if (token.isEmpty()) {
            // Vault answers 500 "no token found"; no input may cause a 5xx here
            throw VaultException.invalid("no token found");
        }
        List<String> paths = PolicyPaths.requestedPaths(request);
        TokenInfo subject = tokens.resolve(token).orElseThrow(() -> VaultException.invalid("invalid token"));
        return answer(subject, paths);
    }

    private VaultResponse byAccessor(VaultRequest request, Matcher match) {
        String accessor = new Fields(request.data()).string("accessor").orElse("");
        if (accessor.isEmpty()) {
            throw VaultException.invalid("missing accessor");
        }
        List<String> paths = PolicyPaths.requestedPaths(request);
        TokenInfo subject = tokens.byAccessor(accessor).orElseThrow(() -> VaultException.invalid("invalid accessor"));
        return answer(subject, paths);
    }

    private VaultResponse answer(TokenInfo subject, List<String> paths) {
        return VaultResponse.data(policies.capabilities(subject.policies(), paths)).copyDataToTop();
    }
}
