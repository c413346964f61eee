package dev.tokenbroker.vault.githubsecrets.boundary;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.github.control.GitHubAppCredentials;
import dev.tokenbroker.github.control.GitHubSettings;
import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.githubsecrets.control.GithubTokenFields;
import dev.tokenbroker.vault.githubsecrets.control.GithubTokenIssuer;
import dev.tokenbroker.vault.githubsecrets.control.PermissionSetStore;
import dev.tokenbroker.vault.logical.control.VaultJson;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.control.VaultSettings;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;

/**
 * The GitHub secrets engine, {@code github/} (vault-api.md §7), compatible with
 * {@code martinbaillie/vault-plugin-secrets-github}: installation tokens for token holders, permission sets, the
 * App's installations, and a read-only view of the App's configuration, which only MicroProfile Config sets.
 */
@ApplicationScoped
public class GithubSecretsPaths implements VaultPaths {

    static final String MOUNT = "vault-plugin-secrets-github";
    private static final String SET_NAME = "(\\w(?:[\\w.-]*\\w)?)";

    @Inject
    GithubTokenIssuer issuer;

    @Inject
    PermissionSetStore sets;

    @Inject
    GitHubSettings github;

    @Inject
    GitHubAppCredentials app;

    @Inject
    VaultSettings settings;

    @Inject
    AuditLog audit;

    @Override
    public List<VaultRoute> routes() {
        Set<Operation> mint = Set.of(Operation.READ, Operation.UPDATE);
        return List.of(
                VaultRoute.of("github/config", MOUNT, Set.of(Operation.READ), (r, m) -> config()),
                VaultRoute.of("github/token", MOUNT, mint, (r, m) -> mint(r))
                        .acceptingCreateOrUpdate().withParameters(GithubTokenFields::canonical),
                VaultRoute.of("github/token/" + SET_NAME, MOUNT, mint, this::mintWithSet)
                        .acceptingCreateOrUpdate().withParameters(GithubTokenFields::canonical),
                VaultRoute.of("github/permissionset/" + SET_NAME, MOUNT,
                                Set.of(Operation.READ, Operation.UPDATE, Operation.DELETE), this::permissionSet)
                        .withExistenceCheck((r, m) -> sets.exists(m.group(1)))
                        .withParameters(GithubTokenFields::canonical),
                VaultRoute.of("github/permissionsets?", MOUNT, Set.of(Operation.LIST), (r, m) -> listSets()),
                VaultRoute.of("github/installations", MOUNT, Set.of(Operation.READ), (r, m) -> installations()));
    }

    private VaultResponse config() {
        JsonObjectBuilder data = CachedJson.createObjectBuilder();
        String id = app.configuredAppId().orElse("");
        if (id.matches("\\d{1,18}")) {
            data.add("app_id", Long.parseLong(id));
        } else {
            data.add("app_id", id);
        }
        return VaultResponse.data(data
                .add("base_url", github.apiUrl().toString())
                .add("exclude_repository_metadata", settings.excludeRepositoryMetadata())
                .add("prv_key", app.hasKey() ? "<configured>" : "")
                .build());
    }

    private VaultResponse mint(VaultRequest request) {
        GithubTokenFields fields = GithubTokenFields.parse(request.data());
        if (!fields.namesInstallation()) {
            throw VaultException.invalid("installation_id or org_name is a required parameter");
        }
        return issuer.issue(request.callerToken(), fields, "github/token/");
    }

    private VaultResponse mintWithSet(VaultRequest request, Matcher match) {
        GithubTokenFields.rejectUnknown(request.data(), Set.of());
        String name = match.group(1);
        GithubTokenFields fields = sets.find(name)
                .orElseThrow(() -> VaultException.invalid("permission set '" + name + "' does not exist"));
        return issuer.issue(request.callerToken(), fields, "github/token/" + name + "/");
    }

    private VaultResponse permissionSet(VaultRequest request, Matcher match) {
        String name = match.group(1);
        TokenInfo caller = request.callerToken();
        switch (request.operation()) {
            case READ -> {
                GithubTokenFields set = sets.find(name).orElseThrow(() -> VaultException.empty(Kind.NOT_FOUND));
                return VaultResponse.data(CachedJson.createObjectBuilder()
                        .add("installation_id", set.installationId())
                        .add("org_name", set.orgName())
                        .add("repositories", VaultJson.strings(set.repositories()))
                        .add("repository_ids", CachedJson.createArrayBuilder(set.repositoryIds()))
                        .add("permissions", set.permissionsJson())
                        .build());
            }
            case DELETE -> {
                sets.delete(name);
                audit.record("github.permissionset", java.util.Map.of("operation", "delete", "name", name,
                        "accessor", caller.accessor()));
                return VaultResponse.noContent();
            }
            default -> {
                GithubTokenFields fields = GithubTokenFields.parse(request.data());
                if (!fields.namesInstallation()) {
                    throw VaultException.invalid("installation_id or org_name is a required parameter");
                }
                sets.write(name, fields, request.data().containsKey("repositories"),
                        request.data().containsKey("repository_ids"), request.data().containsKey("permissions"));
                audit.record("github.permissionset", java.util.Map.of("operation", "write", "name", name,
                        "accessor", caller.accessor(), "installationId", fields.installationId(),
                        "orgName", fields.orgName(), "permissions", fields.permissions()));
                return VaultResponse.noContent();
            }
        }
    }

    private VaultResponse listSets() {
        return VaultResponse.keys(sets.names());
    }

    private VaultResponse installations() {
        return VaultResponse.data(issuer.installations());
    }
}
