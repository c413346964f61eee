package dev.tokenbroker.vault.jwtauth.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.vault.acl.control.Acl;
import dev.tokenbroker.vault.jwtauth.control.JwtAuthStore;
import dev.tokenbroker.vault.jwtauth.control.JwtConfigRules;
import dev.tokenbroker.vault.jwtauth.control.JwtKeySources;
import dev.tokenbroker.vault.jwtauth.control.JwtLogin;
import dev.tokenbroker.vault.jwtauth.control.JwtMounts;
import dev.tokenbroker.vault.jwtauth.control.JwtRoleRules;
import dev.tokenbroker.vault.jwtauth.control.JwtValidator;
import dev.tokenbroker.vault.jwtauth.entity.JwtAuthConfig;
import dev.tokenbroker.vault.jwtauth.entity.JwtRole;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.control.VaultSettings;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.token.control.TokenIssuer;
import dev.tokenbroker.vault.token.control.TokenViews;

/**
 * The JWT auth method's routes at each of its mounts (Vault's {@code vault-plugin-auth-jwt}): {@code config} (read,
 * write), {@code role} (list), {@code role/<name>} (read, create or update, delete; names lower-cased) and {@code
 * login} (unauthenticated, plain errors).
 */
@ApplicationScoped
public class JwtAuthPaths implements VaultPaths {

    static final String MOUNT_TYPE = "jwt";
    /** Vault's {@code GenericNameRegex}. */
    static final String ROLE_NAME = "(\\w(?:[\\w.-]*\\w)?)";

    @Inject
    JwtMounts mounts;

    @Inject
    JwtAuthStore store;

    @Inject
    JwtKeySources keySources;

    @Inject
    JwtLogin login;

    @Inject
    VaultSettings settings;

    @Inject
    AuditLog audit;

    @Override
    public List<VaultRoute> routes() {
        List<VaultRoute> routes = new ArrayList<>();
        // outside CDI (the OpenAPI test builds the routes itself) the shipped mount names stand in
        for (String mount : mounts == null ? JwtMounts.DEFAULT : mounts.names()) {
            String base = "auth/" + mount + "/"; // mount names are [a-z0-9_-]: nothing to quote
            routes.add(VaultRoute.of(base + "config", MOUNT_TYPE, Set.of(Operation.READ, Operation.UPDATE),
                    (r, m) -> config(mount, r))
                    .withParameters(data -> Acl.canonical(data, Set.of("jwt_validation_pubkeys", "jwt_supported_algs"))));
            routes.add(VaultRoute.of(base + "role", MOUNT_TYPE, Set.of(Operation.LIST), (r, m) -> roles(mount)));
            routes.add(VaultRoute.of(base + "role/" + ROLE_NAME, MOUNT_TYPE,
                    Set.of(Operation.READ, Operation.UPDATE, Operation.DELETE), (r, m) -> role(mount, r, m))
                    .withLowercasedKey()
                    .withExistenceCheck((r, m) -> store.role(mount, m.group(1).toLowerCase(java.util.Locale.ROOT)).isPresent())
                    .withParameters(data -> Acl.canonical(data, Set.of("token_policies", "policies", "bound_audiences",
                            "token_bound_cidrs", "bound_cidrs"))));
            routes.add(VaultRoute.of(base + "login", MOUNT_TYPE, Set.of(Operation.UPDATE), (r, m) -> login(mount, r))
                    .unauthenticated().withPlainErrors());
        }
        return routes;
    }

    private VaultResponse config(String mount, VaultRequest request) {
        if (request.operation() == Operation.READ) {
            return store.config(mount).map(c -> VaultResponse.data(JwtConfigRules.view(c)))
                    .orElseThrow(() -> VaultException.empty(Kind.NOT_FOUND));
        }
        JwtAuthConfig config = JwtConfigRules.read(mount, new Fields(request.data()), store.config(mount).orElse(null));
        try {
            keySources.check(config);
        } catch (IllegalArgumentException e) {
            throw VaultException.invalid(e.getMessage());
        }
        store.replace(config);
        audit.record("vault.jwt.config", Map.of("mount", mount, "accessor", accessor(request),
                "source", !config.getOidcDiscoveryUrl().isEmpty() ? config.getOidcDiscoveryUrl()
                        : !config.getJwksUrl().isEmpty() ? config.getJwksUrl() : "jwt_validation_pubkeys"));
        return VaultResponse.noContent();
    }

    private VaultResponse roles(String mount) {
        return VaultResponse.keys(store.roleNames(mount));
    }

    private VaultResponse role(String mount, VaultRequest request, Matcher match) {
        String name = match.group(1).toLowerCase(java.util.Locale.ROOT);
        switch (request.operation()) {
            case READ -> {
                return store.role(mount, name).map(r -> VaultResponse.data(JwtRoleRules.view(r)))
                        .orElseThrow(() -> VaultException.empty(Kind.NOT_FOUND));
            }
            case DELETE -> {
                store.delete(mount, name);
                audit.record("vault.jwt.role", Map.of("operation", "delete", "mount", mount, "role", name,
                        "accessor", accessor(request)));
                return VaultResponse.noContent();
            }
            default -> {
                JwtRole role = store.role(mount, name).orElseGet(() -> new JwtRole(mount, name));
                List<String> warnings = JwtRoleRules.apply(new Fields(request.data()), role, settings.maxTtl());
                store.save(role);
                audit.record("vault.jwt.role", Map.of("operation", "write", "mount", mount, "role", name,
                        "accessor", accessor(request), "policies", role.token().policyList()));
                return VaultResponse.noContent().warnings(warnings);
            }
        }
    }

    private VaultResponse login(String mount, VaultRequest request) {
        Fields f = new Fields(request.data());
        String jwt = f.string("jwt").orElse("").trim();
        if (jwt.length() > JwtValidator.MAX_TOKEN_LENGTH) {
            // refused before the database or any issuer is asked; the value is never repeated
            throw VaultException.invalid("error validating token: the token is longer than "
                    + JwtValidator.MAX_TOKEN_LENGTH + " characters");
        }
        String role = f.string("role").orElse("");
        if (role.length() > 255) {
            throw VaultException.invalid("role \"" + role.substring(0, 64) + "…\" could not be found");
        }
        JwtLogin.Verified verified = login.authenticate(mount, role, jwt, request.clientAddress());
        TokenIssuer.Issued issued = login.issue(mount, verified, request.clientAddress());
        return VaultResponse.auth(TokenViews.auth(issued.info(), issued.token(), issued.ttl()))
                .warnings(new ArrayList<>(issued.warnings()));
    }

    private static String accessor(VaultRequest request) {
        return request.caller().map(TokenInfo::accessor).orElse("");
    }
}
