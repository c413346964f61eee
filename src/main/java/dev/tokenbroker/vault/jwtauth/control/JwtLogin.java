package dev.tokenbroker.vault.jwtauth.control;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.platform.control.Cidr;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.vault.jwtauth.entity.JwtAuthConfig;
import dev.tokenbroker.vault.jwtauth.entity.JwtRole;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.token.control.TokenIssuer;
import dev.tokenbroker.vault.token.entity.BackendTtls;
import dev.tokenbroker.vault.token.entity.LoginAuth;
import dev.tokenbroker.vault.token.entity.TokenSpec;

/**
 * {@code auth/<mount>/login} (Vault's {@code path_login.go}): the config and role are read, the role's CIDRs checked
 * before the token is looked at, the token verified ({@link JwtValidator}) with keys fetched outside any
 * transaction, then the token issued through the token package's path. The user claim names the entity alias: the
 * entity id is derived from the mount and the alias, so it is the same on every node and at every login. The token's
 * metadata is {@code role} plus the mapped claims; its display name {@code <mount>-<alias>}. Every login is audited
 * and counted, never with the JWT.
 */
@ApplicationScoped
public class JwtLogin {

    public static final String METHOD = "jwt";

    @Inject
    JwtAuthStore store;

    @Inject
    JwtKeySources keySources;

    @Inject
    TokenIssuer issuer;

    @Inject
    AuditLog audit;

    @Inject
    Metrics metrics;

    @Inject
    Clock clock;

    /** What passed: the role, and what the token showed. */
    public record Verified(JwtRole role, JwtValidator.Verified token) {
    }

    /** The checks of a login, in Vault's order; GitHub-free and read-only. */
    public Verified authenticate(String mount, String roleName, String jwt, String clientAddress) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("method", METHOD);
        event.put("mount", mount);
        event.put("client", clientAddress);
        try {
            Verified verified = verify(mount, roleName, jwt, clientAddress, event);
            event.put("alias", verified.token().alias());
            return verified;
        } catch (VaultException | IllegalArgumentException e) {
            event.put("decision", "denied");
            event.put("reason", e instanceof VaultException v ? String.join("; ", v.errors()) : e.getMessage());
            audit.record("vault.login", event);
            metrics.login(METHOD, "denied");
            if (e instanceof IllegalArgumentException) {
                throw VaultException.invalid(e.getMessage());
            }
            throw e;
        } catch (RuntimeException e) {
            metrics.login(METHOD, "failed");
            throw e;
        }
    }

    private Verified verify(String mount, String roleName, String jwt, String clientAddress, Map<String, Object> event) {
        JwtAuthConfig config = store.config(mount).orElseThrow(() -> VaultException.invalid("could not load configuration"));
        String name = (roleName.isEmpty() ? config.getDefaultRole() : roleName).toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw VaultException.invalid("missing role");
        }
        event.put("role", name);
        JwtRole role = store.role(mount, name).orElseThrow(() -> VaultException.invalid("role \"" + shown(name)
                + "\" could not be found"));
        if (role.getRoleType().equals("oidc")) {
            throw VaultException.invalid("role with oidc role_type is not allowed");
        }
        if (jwt.isEmpty()) {
            throw VaultException.invalid("missing token");
        }
        if (!Cidr.admits(role.token().boundCidrList(), clientAddress)) {
            throw VaultException.plain(Kind.PERMISSION_DENIED, "permission denied");
        }
        JwtValidator.Verified token = JwtValidator.validate(jwt, keySources.keys(config), JwtConfigRules.algorithms(config),
                config.getBoundIssuer(), role, JwtRoleRules.object(role.getBoundClaims()),
                JwtRoleRules.mappings(role.getClaimMappings()), JwtRoleRules.audiences(role), clock.instant());
        return new Verified(role, token);
    }

    /** The token for a verified login, in one transaction, audited once issued. */
    @Transactional
    public TokenIssuer.Issued issue(String mount, Verified verified, String clientAddress) {
        JwtRole role = verified.role();
        String alias = verified.token().alias();
        Map<String, String> metadata = new LinkedHashMap<>(verified.token().metadata());
        metadata.put("role", role.getName());
        LoginAuth auth = new LoginAuth(JwtMounts.loginPath(mount), mount + "-" + alias, metadata, entityId(mount, alias),
                role.token().policyList(), role.token().isNoDefaultPolicy(), role.token().tokenType(), ttls(role),
                role.token().getExplicitMaxTtl(), role.token().getNumUses(), role.token().boundCidrList(),
                new TokenSpec.LoginData(List.of(), Optional.empty(), 0));
        TokenIssuer.Issued issued = issuer.login(auth);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("method", METHOD);
        event.put("mount", mount);
        event.put("client", clientAddress);
        event.put("role", role.getName());
        event.put("alias", alias);
        event.put("decision", "granted");
        event.put("accessor", issued.info().accessor());
        event.put("policies", issued.info().policies());
        audit.record("vault.login", event);
        metrics.login(METHOD, "success");
        return issued;
    }

    /** The role's TTL settings, as a login and a renewal apply them. */
    public static BackendTtls ttls(JwtRole role) {
        return new BackendTtls(role.token().getTtl(), role.token().getMaxTtl(), role.token().getPeriod());
    }

    /** A stable entity id for an alias of a mount: the same on every node, without a table. */
    static String entityId(String mount, String alias) {
        return UUID.nameUUIDFromBytes(("dev.tokenbroker jwt entity\u0000" + mount + "\u0000" + alias)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String shown(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
