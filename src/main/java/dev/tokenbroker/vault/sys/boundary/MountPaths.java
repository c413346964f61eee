package dev.tokenbroker.vault.sys.boundary;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.sys.control.MountTable;
import dev.tokenbroker.vault.sys.control.MountTable.Mount;

/**
 * The fixed mounts, read-only, in Vault's shapes: {@code sys/auth} ({@code read}; a single method and its tuning need
 * {@code sudo}), {@code sys/mounts} and a single mount with its tuning (no sudo; {@code auth/<name>} finds the auth
 * methods, as the Go client's {@code GetAuth} asks), and {@code sys/internal/ui/mounts/<path>}, the preflight of
 * {@code vault kv}, Spring Vault and consul-template. Nothing can be mounted, moved, tuned or disabled: enabling a
 * method where it already is, with its type, changes nothing and succeeds (Terraform creates its GitHub auth backend
 * that way); with another type it gets Vault's "already in use"; every other write is an unsupported operation.
 */
@ApplicationScoped
public class MountPaths implements VaultPaths {

    private static final String MOUNT = "system";
    private static final Set<Operation> READ = Set.of(Operation.READ);

    @Inject
    MountTable table;

    @Inject
    PolicyStore policies;

    @Override
    public List<VaultRoute> routes() {
        return List.of(
                VaultRoute.of("sys/auth", MOUNT, READ, (r, m) -> table(true)),
                VaultRoute.of("sys/auth/(.+)/tune", MOUNT, Set.of(Operation.READ, Operation.UPDATE), this::authTuning)
                        .requiringSudo(),
                VaultRoute.of("sys/auth/(.+)", MOUNT, Set.of(Operation.READ, Operation.UPDATE), this::authMethod)
                        .requiringSudo(),
                VaultRoute.of("sys/mounts", MOUNT, READ, (r, m) -> table(false)),
                VaultRoute.of("sys/mounts/(.+)/tune", MOUNT, READ, (r, m) -> tuning(mount(m.group(1)))),
                VaultRoute.of("sys/mounts/(.+)", MOUNT, READ, (r, m) -> single(mount(m.group(1)))),
                VaultRoute.of("sys/internal/ui/mounts/(.+)", MOUNT, READ, this::preflight).checkingTheAclItself());
    }

    /** {@code sys/auth} or {@code sys/mounts}: every mount of the table by name, copied to the top level. */
    private VaultResponse table(boolean auth) {
        JsonObjectBuilder data = CachedJson.createObjectBuilder();
        table.mounts(auth).forEach(mount -> data.add(mount.name(), table.describe(mount)));
        return VaultResponse.data(data.build()).copyDataToTop();
    }

    private VaultResponse authMethod(VaultRequest request, Matcher match) {
        Mount mount = authMount(match.group(1));
        if (request.operation() == Operation.READ) {
            return single(mount);
        }
        String type = new Fields(request.data()).string("type").orElse("");
        if (!type.equals(mount.type())) {
            throw VaultException.invalid("path is already in use at " + mount.name());
        }
        // Vault refuses to enable a method twice; here the method is always enabled, so asking for it as it is (what
        // Terraform's vault_github_auth_backend does on create) changes nothing and succeeds
        return VaultResponse.noContent().warning("the " + type + " auth method is always enabled at " + mount.name()
                + "; nothing was changed");
    }

    /** Tuning is shown, never changed: the mounts are fixed (a write is an unsupported operation, 405). */
    private VaultResponse authTuning(VaultRequest request, Matcher match) {
        if (request.operation() != Operation.READ) {
            throw VaultException.wrapped(Kind.UNSUPPORTED_OPERATION, "unsupported operation");
        }
        return tuning(authMount(match.group(1)));
    }

    /** The auth method at {@code name}, or Vault's 400. */
    private Mount authMount(String name) {
        String path = "auth/" + MountTable.normalize(name);
        return table.mountOf(path).filter(m -> m.auth() && m.path().equals(path))
                .orElseThrow(() -> VaultException.invalid("No auth engine at " + MountTable.normalize(name)));
    }

    /** The mount {@code path} lies under (longest prefix), or Vault's 400. */
    private Mount mount(String path) {
        return table.mountOf(path).orElseThrow(() -> VaultException.invalid("No secret engine mount at "
                + MountTable.normalize(path)));
    }

    private VaultResponse single(Mount mount) {
        return VaultResponse.data(table.describe(mount)).copyDataToTop();
    }

    private VaultResponse tuning(Mount mount) {
        return VaultResponse.data(table.tuning(mount)).copyDataToTop();
    }

    /**
     * The mount of a path for a client deciding how to talk to it (KV v1 or v2): 404 under no mount (clients then
     * take the path as KV v1 and go on; Vault answers 403 there, so as not to reveal which mounts exist, which stops
     * {@code vault kv} — but the broker's mounts are fixed and public in the README), 403 when the token may do
     * nothing under the mount, else the mount with its {@code path}. Not copied to the top level, as in Vault.
     */
    private VaultResponse preflight(VaultRequest request, Matcher match) {
        Mount mount = table.mountOf(match.group(1)).orElseThrow(() -> VaultException.empty(Kind.NOT_FOUND));
        if (!policies.acl(request.callerToken().policies()).grantsAnythingUnder(mount.path())) {
            throw VaultException.plain(Kind.PERMISSION_DENIED, "preflight capability check returned 403, please ensure "
                    + "client's policies grant access to path \"" + mount.path() + "\"");
        }
        JsonObject described = table.describe(mount);
        JsonObjectBuilder data = CachedJson.createObjectBuilder(described).add("path", mount.path());
        return VaultResponse.data(data.build());
    }
}
