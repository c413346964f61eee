package dev.tokenbroker.vault.acl.boundary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.acl.control.AclPolicyParser;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.acl.entity.AclPolicyException;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultJson;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;

/** ACL policies: {@code sys/policies/acl}, legacy {@code sys/policy}, and {@code sys/capabilities-self} (§6.6–6.8). */
@ApplicationScoped
public class PolicyPaths implements VaultPaths {

    private static final String MOUNT = "system";
    @Inject
    PolicyStore policies;

    @Inject
    AuditLog audit;

    @Override
    public List<VaultRoute> routes() {
        Set<Operation> item = Set.of(Operation.READ, Operation.UPDATE, Operation.DELETE);
        return List.of(
                VaultRoute.of("sys/policies/acl", MOUNT, Set.of(Operation.LIST), (r, m) -> list(false)),
                VaultRoute.of("sys/policies/acl/(.+)", MOUNT, item, (r, m) -> item(r, m, false)).withLowercasedKey(),
                VaultRoute.of("sys/policy", MOUNT, Set.of(Operation.READ, Operation.LIST), (r, m) -> list(true)),
                VaultRoute.of("sys/policy/(.+)", MOUNT, item, (r, m) -> item(r, m, true)).withLowercasedKey(),
                VaultRoute.of("sys/capabilities-self", MOUNT, Set.of(Operation.UPDATE), this::capabilitiesSelf));
    }

    private VaultResponse list(boolean legacy) {
        List<String> names = new ArrayList<>(policies.names());
        names.add("root");
        JsonObjectBuilder data = CachedJson.createObjectBuilder().add("keys", VaultJson.strings(names));
        if (legacy) {
            data.add("policies", VaultJson.strings(names));
            return VaultResponse.data(data.build()).copyDataToTop();
        }
        return VaultResponse.data(data.build());
    }

    private VaultResponse item(VaultRequest request, Matcher match, boolean legacy) {
        String requested = match.group(1);
        String name = requested.toLowerCase(Locale.ROOT);
        return switch (request.operation()) {
            case READ -> read(name, legacy);
            case DELETE -> delete(name, request);
            default -> write(requested, name, request, legacy);
        };
    }

    private VaultResponse read(String name, boolean legacy) {
        String text = name.equals("root") ? "" : policies.text(name).orElseThrow(() -> VaultException.empty(Kind.NOT_FOUND));
        JsonObjectBuilder data = CachedJson.createObjectBuilder().add("name", name).add(legacy ? "rules" : "policy", text);
        VaultResponse response = VaultResponse.data(data.build());
        return legacy ? response.copyDataToTop() : response;
    }

    private VaultResponse delete(String name, VaultRequest request) {
        if (name.equals("root")) {
            throw VaultException.invalid("cannot delete \"root\" policy");
        }
        if (name.equals("default")) {
            throw VaultException.invalid("cannot delete default policy");
        }
        policies.delete(name);
        audit.record("vault.policy", java.util.Map.of("operation", "delete", "policy", name,
                "accessor", request.caller().map(TokenInfo::accessor).orElse("")));
        return VaultResponse.noContent();
    }

    private VaultResponse write(String requested, String name, VaultRequest request, boolean legacy) {
        if (name.equals("root") || PolicyStore.RESERVED.contains(name)) {
            throw VaultException.invalid("cannot update \"" + name + "\" policy");
        }
        if (!PolicyStore.NAME.matcher(name).matches()) {
            throw VaultException.invalid("invalid policy name");
        }
        Fields f = new Fields(request.data());
        List<String> warnings = new ArrayList<>();
        String text = f.string("policy").orElse("");
        if (text.isEmpty() && legacy && f.has("rules")) {
            text = f.string("rules").orElse("");
            warnings.add("'rules' is deprecated, please use 'policy' instead");
        }
        if (text.isEmpty()) {
            throw VaultException.invalid("'policy' parameter not supplied or empty");
        }
        text = decodedIfBase64(text);
        try {
            AclPolicyParser.parse(text);
        } catch (AclPolicyException e) {
            throw VaultException.invalid(e.getMessage());
        }
        policies.write(name, text);
        audit.record("vault.policy", java.util.Map.of("operation", "write", "policy", name,
                "accessor", request.caller().map(TokenInfo::accessor).orElse("")));
        if (!requested.equals(name)) {
            warnings.add(0, "policy name was converted to " + name);
        }
        VaultResponse response = VaultResponse.noContent();
        warnings.forEach(response::warning);
        return response;
    }

    private VaultResponse capabilitiesSelf(VaultRequest request, Matcher match) {
        return VaultResponse.data(policies.capabilities(request.callerToken().policies(), requestedPaths(request)))
                .copyDataToTop();
    }

    /** The {@code paths} (or the older {@code path}) of a capabilities request (vault-api.md §6.8). */
    public static List<String> requestedPaths(VaultRequest request) {
        Fields f = new Fields(request.data());
        List<String> paths = f.commaList("paths").or(() -> f.commaList("path")).orElse(List.of());
        if (paths.isEmpty()) {
            throw VaultException.invalid("paths must be supplied");
        }
        return paths;
    }

    private static String decodedIfBase64(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || !trimmed.matches("[A-Za-z0-9+/]+={0,2}") || trimmed.length() % 4 != 0) {
            return text;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8);
            return decoded.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t') ? decoded : text;
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
