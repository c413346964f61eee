package dev.tokenbroker.vault.githubauth.boundary;

import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.entity.GitHubCredential;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.vault.acl.control.Acl;
import dev.tokenbroker.vault.githubauth.control.GithubAuthStore;
import dev.tokenbroker.vault.githubauth.control.GithubLogin;
import dev.tokenbroker.vault.githubauth.entity.GithubAuthConfig;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.token.control.TokenFieldsInput;
import dev.tokenbroker.vault.token.control.TokenIssuer;
import dev.tokenbroker.vault.token.control.TokenViews;

/** The GitHub auth method, {@code auth/github/*}: config, team and user mappings, login (vault-api.md §2–4). */
@ApplicationScoped
public class GithubAuthPaths implements VaultPaths {

    private static final String MOUNT = "github";
    private static final String LOOKUP_TOKEN = "broker.vault.github-auth.lookup-token";
    /** GitHub's tokens are 40 to about 100 characters; this leaves room and refuses what could never be one. */
    static final int MAX_PERSONAL_TOKEN = 255;
    private static final java.util.regex.Pattern PERSONAL_TOKEN = java.util.regex.Pattern.compile(
            "[\\x21-\\x7E]{1," + MAX_PERSONAL_TOKEN + "}");
    /** A team or user mapping is stored as the request's JSON (as Vault does), in a 65,535-character column. */
    static final int MAX_MAP_ENTRY = 16_384;

    @Inject
    GithubAuthStore store;

    @Inject
    GithubLogin login;

    @Inject
    GitHubApi github;

    @Inject
    Settings settings;

    @Inject
    AuditLog audit;

    @Override
    public List<VaultRoute> routes() {
        return List.of(
                VaultRoute.of("auth/github/config", MOUNT, Set.of(Operation.READ, Operation.UPDATE), this::config)
                        .withParameters(data -> Acl.canonical(data, Set.of("token_policies", "token_bound_cidrs"))),
                VaultRoute.of("auth/github/map/(teams|users)", MOUNT, Set.of(Operation.READ, Operation.LIST), this::mapList),
                VaultRoute.of("auth/github/map/(teams|users)/([-A-Za-z0-9_]+)", MOUNT,
                        Set.of(Operation.READ, Operation.UPDATE, Operation.DELETE), this::mapItem)
                        .withLowercasedKey()
                        .withExistenceCheck((r, m) -> store.mapping(m.group(1), m.group(2).toLowerCase(Locale.ROOT)).isPresent()),
                VaultRoute.of("auth/github/login", MOUNT, Set.of(Operation.UPDATE), this::login)
                        .unauthenticated().withPlainErrors());
    }

    // ---- config (§2) ----

    private VaultResponse config(VaultRequest request, Matcher match) {
        if (request.operation() == Operation.READ) {
            return store.config().map(c -> VaultResponse.data(configView(c))).orElseThrow(() -> VaultException.empty(Kind.NOT_FOUND));
        }
        Fields f = new Fields(request.data());
        GithubAuthConfig config = store.config().orElseGet(GithubAuthConfig::new);
        String previousOrg = config.getOrganization();
        f.string("organization").ifPresent(config::setOrganization);
        f.integer("organization_id").ifPresent(config::setOrganizationId);
        Optional<String> baseUrl = f.string("base_url");
        if (baseUrl.isPresent()) {
            config.setBaseUrl(baseUrl(baseUrl.get()));
        }
        TokenFieldsInput.apply(f, config.token());
        Optional<Long> ttl = f.duration("ttl");
        Optional<Long> maxTtl = f.duration("max_ttl");
        legacy(config, f.has("token_ttl"), ttl, true);
        legacy(config, f.has("token_max_ttl"), maxTtl, false);
        check(config);
        boolean orgChanged = f.has("organization") && previousOrg != null && !previousOrg.equals(config.getOrganization());
        if (config.getOrganizationId() == 0 || (orgChanged && !f.has("organization_id"))) {
            config.setOrganizationId(lookupOrganizationId(config));
        }
        store.save(config);
        audit.record("vault.github.config", Map.of("accessor", request.caller().map(TokenInfo::accessor).orElse(""),
                "organization", config.getOrganization(), "organizationId", config.getOrganizationId()));
        return VaultResponse.noContent();
    }

    private static void legacy(GithubAuthConfig config, boolean tokenFieldSent, Optional<Long> legacyValue, boolean ttl) {
        if (legacyValue.isPresent() && !tokenFieldSent) {
            if (ttl) {
                config.setTokenTtl(legacyValue.get());
            } else {
                config.setTokenMaxTtl(legacyValue.get());
            }
        }
        if (tokenFieldSent) {
            if (ttl) {
                config.setLegacyTtl(0);
            } else {
                config.setLegacyMaxTtl(0);
            }
        } else if (legacyValue.isPresent()) {
            if (ttl) {
                config.setLegacyTtl(legacyValue.get());
            } else {
                config.setLegacyMaxTtl(legacyValue.get());
            }
        }
    }

    private static void check(GithubAuthConfig c) {
        if (c.getOrganization() == null || c.getOrganization().isEmpty()) {
            throw VaultException.invalid("organization is a required parameter");
        }
        TokenFieldsInput.check(c.token());
    }

    private static String baseUrl(String text) {
        if (text.isEmpty()) {
            return "";
        }
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute() || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(text, "not an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw VaultException.invalid("error parsing given base_url: " + e.getMessage());
        }
        return text.endsWith("/") ? text : text + "/";
    }

    /** §2.3 step 4: {@code GET {base}orgs/{org}}, with the lookup token when one is configured. */
    private long lookupOrganizationId(GithubAuthConfig config) {
        URI base = login.base(config);
        GitHubCredential credential = settings.text(LOOKUP_TOKEN).map(GitHubCredential::userToken).orElse(GitHubCredential.none());
        String prefix = "unable to fetch the organization_id, you must manually set it in the config: ";
        String notFound = prefix + "organization_id not found for " + config.getOrganization();
        long id;
        try {
            id = github.organization(base, config.getOrganization(), credential).id();
        } catch (dev.tokenbroker.github.entity.GitHubUnexpectedResponseException e) {
            if (e.status() == 200) {
                throw VaultException.failed(notFound);
            }
            throw VaultException.failed(prefix + "GET " + base + "orgs/" + config.getOrganization() + ": " + e.status());
        } catch (dev.tokenbroker.github.entity.GitHubCallsRefusedException e) {
            throw VaultException.unavailable(false, prefix + "GET " + base + "orgs/" + config.getOrganization() + ": "
                    + e.getMessage(), e.retryAfter().orElseThrow());
        } catch (GitHubException e) {
            String answer = e.status() > 0 ? e.status() + (e.gitHubMessage().isEmpty() ? "" : " " + e.gitHubMessage())
                    : e.getMessage();
            throw VaultException.failed(prefix + "GET " + base + "orgs/" + config.getOrganization() + ": " + answer);
        } catch (IllegalArgumentException e) {
            throw VaultException.failed(prefix + e.getMessage());
        }
        if (id == 0) {
            throw VaultException.failed(notFound);
        }
        return id;
    }

    private static JsonObject configView(GithubAuthConfig c) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder()
                .add("organization", c.getOrganization())
                .add("organization_id", c.getOrganizationId())
                .add("base_url", c.getBaseUrl());
        TokenFieldsInput.view(o, c.token()).add("token_max_ttl", c.effectiveMaxTtl()).add("token_ttl", c.effectiveTtl());
        if (c.getLegacyTtl() > 0) {
            o.add("ttl", c.getLegacyTtl());
        }
        if (c.getLegacyMaxTtl() > 0) {
            o.add("max_ttl", c.getLegacyMaxTtl());
        }
        return o.build();
    }

    // ---- maps (§3) ----

    private VaultResponse mapList(VaultRequest request, Matcher match) {
        List<String> keys = store.mappingKeys(match.group(1));
        if (request.operation() == Operation.READ && keys.isEmpty()) {
            return VaultResponse.data(JsonValue.EMPTY_JSON_OBJECT); // a read of the map itself is no list (C4)
        }
        return VaultResponse.keys(keys);
    }

    private VaultResponse mapItem(VaultRequest request, Matcher match) {
        String kind = match.group(1);
        String key = match.group(2);
        String stored = key.toLowerCase(Locale.ROOT);
        switch (request.operation()) {
            case READ -> {
                return VaultResponse.data(store.mapping(kind, stored)
                        .map(raw -> CachedJson.createReader(new StringReader(raw)).readObject()).orElse(null));
            }
            case DELETE -> {
                store.deleteMapping(kind, stored);
                audit.record("vault.github.map", Map.of("operation", "delete", "map", kind, "key", stored,
                        "accessor", request.callerToken().accessor()));
                return VaultResponse.noContent();
            }
            default -> {
                Fields f = new Fields(request.data());
                f.string("value");
                Map<String, JsonValue> data = new LinkedHashMap<>(request.data());
                data.put("key", CachedJson.createValue(key));
                JsonObjectBuilder o = CachedJson.createObjectBuilder();
                data.forEach(o::add);
                String entry = o.build().toString();
                if (entry.length() > MAX_MAP_ENTRY) {
                    throw VaultException.invalid("a map entry is stored as given and may be at most " + MAX_MAP_ENTRY
                            + " characters of JSON");
                }
                store.putMapping(kind, stored, entry);
                audit.record("vault.github.map", Map.of("operation", "write", "map", kind, "key", stored,
                        "accessor", request.callerToken().accessor()));
                return VaultResponse.noContent();
            }
        }
    }

    // ---- login (§4) ----

    private VaultResponse login(VaultRequest request, Matcher match) {
        String pat = new Fields(request.data()).string("token").orElse("").trim();
        if (!pat.isEmpty() && !PERSONAL_TOKEN.matcher(pat).matches()) {
            // refused before the database or GitHub is asked; the value is never repeated
            throw VaultException.invalid("GitHub token is malformed: a personal access token is 1 to "
                    + MAX_PERSONAL_TOKEN + " visible ASCII characters without spaces");
        }
        GithubLogin.Verified verified = login.authenticate(pat, request.clientAddress());
        TokenIssuer.Issued issued = login.issue(verified, pat, request.clientAddress());
        List<String> warnings = new ArrayList<>(verified.warnings());
        warnings.addAll(issued.warnings());
        return VaultResponse.auth(TokenViews.auth(issued.info(), issued.token(), issued.ttl())).warnings(warnings);
    }
}
