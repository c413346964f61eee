package dev.tokenbroker.vault.sys.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.crypto.control.Secrets;
import dev.tokenbroker.vault.jwtauth.control.JwtMounts;
import dev.tokenbroker.vault.logical.control.VaultSettings;

/**
 * The broker's mounts, which are fixed (vault-api.md §0): the GitHub and token auth methods, the JWT method at the
 * mounts {@code broker.vault.jwt-auth.mounts} names, the GitHub secrets engine and {@code sys}; no cubbyhole or
 * identity. Described as Vault's {@code sys/auth} and {@code sys/mounts} do
 * ({@code mountInfo} in Vault's {@code logical_system.go}), so that the Vault CLI, Terraform and Spring can list them
 * and find the mount of a path. Accessors and uuids are derived from the mount's path, so every node shows the same.
 */
@ApplicationScoped
public class MountTable {

    /** One mount. {@code path} ends in {@code /}; auth mounts' paths are below {@code auth/}. */
    public record Mount(String path, String type, String description, boolean auth) {

        /** The mount's name in its table: {@code github/} for {@code auth/github/}. */
        public String name() {
            return auth ? path.substring("auth/".length()) : path;
        }
    }

    /** The GitHub secrets plugin's catalog name, which a Vault running the plugin would show as the type. */
    public static final String SECRETS_PLUGIN = "vault-plugin-secrets-github";

    static final List<Mount> MOUNTS = List.of(
            new Mount("auth/github/", "github", "", true),
            new Mount("auth/token/", "token", "token based credentials", true),
            new Mount("github/", SECRETS_PLUGIN, "GitHub App installation tokens for token holders", false),
            new Mount("sys/", "system", "system endpoints used for control, policy and debugging", false));

    @Inject
    JwtMounts jwtMounts;

    /** The fixed mounts with the JWT method's configured ones after the other auth methods. */
    private List<Mount> all() {
        List<Mount> all = new ArrayList<>(MOUNTS.subList(0, 2));
        for (String name : jwtMounts == null ? JwtMounts.DEFAULT : jwtMounts.names()) {
            all.add(new Mount("auth/" + name + "/", "jwt", "GitHub Actions and other OIDC tokens", true));
        }
        all.addAll(MOUNTS.subList(2, MOUNTS.size()));
        return all;
    }

    @Inject
    VaultSettings settings;

    @Inject
    VaultVersion version;

    /** The auth ({@code true}) or secrets mounts, in table order. */
    public List<Mount> mounts(boolean auth) {
        return all().stream().filter(m -> m.auth() == auth).toList();
    }

    /** The mount a request path lies under (longest prefix; {@code auth/x/...} finds auth mounts), if any. */
    public Optional<Mount> mountOf(String path) {
        String normalized = normalize(path);
        return all().stream().filter(m -> normalized.startsWith(m.path()))
                .max((a, b) -> Integer.compare(a.path().length(), b.path().length()));
    }

    /** Without leading slashes, with one trailing slash, as Vault compares mount paths. */
    public static String normalize(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.endsWith("/") ? p : p + "/";
    }

    /** Vault's {@code mountInfo} for a mount. */
    public JsonObject describe(Mount mount) {
        JsonObjectBuilder config = CachedJson.createObjectBuilder()
                .add("default_lease_ttl", 0)
                .add("force_no_cache", false)
                .add("max_lease_ttl", 0);
        if (mount.auth()) {
            config.add("token_type", "default-service");
        }
        if (mount.type().equals("system")) {
            config.add("passthrough_request_headers", CachedJson.createArrayBuilder().add("Accept"));
        }
        boolean builtin = !mount.type().equals(SECRETS_PLUGIN);
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("accessor", accessor(mount))
                .add("config", config)
                .add("description", mount.description())
                .add("external_entropy_access", false)
                .add("local", false)
                .add("options", JsonValue.NULL)
                .add("plugin_version", "")
                .add("running_plugin_version", builtin ? "v" + version.semantic() + "+builtin.vault" : "")
                .add("running_sha256", "")
                .add("seal_wrap", false)
                .add("type", mount.type())
                .add("uuid", UUID.nameUUIDFromBytes(("dev.tokenbroker mount " + mount.path()).getBytes(StandardCharsets.UTF_8))
                        .toString());
        if (mount.type().equals("github") || mount.type().equals("jwt")) {
            o.add("deprecation_status", "supported");
        }
        return o.build();
    }

    /**
     * What {@code sys/mounts/<path>/tune} shows: the effective TTLs (the system's, as no mount is tuned), and the token
     * type of auth mounts.
     */
    public JsonObject tuning(Mount mount) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("default_lease_ttl", settings.defaultTtl())
                .add("description", mount.description())
                .add("force_no_cache", false)
                .add("max_lease_ttl", settings.maxTtl());
        if (mount.auth()) {
            o.add("token_type", "default-service");
        }
        return o.build();
    }

    /** {@code auth_github_1a2b3c4d}: the type and 8 hex digits of the path's hash, like Vault's accessors. */
    static String accessor(Mount mount) {
        String prefix = mount.auth() ? "auth_" + mount.type() : mount.type();
        return prefix + "_" + Secrets.hash(mount.path()).substring(0, 8);
    }
}
