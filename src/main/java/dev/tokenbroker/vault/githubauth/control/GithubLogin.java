package dev.tokenbroker.vault.githubauth.control;

import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.transaction.Transactional;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.control.GitHubSettings;
import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubPaginationException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.github.entity.GitHubUnauthorizedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;
import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;
import dev.tokenbroker.github.entity.GitHubUser;
import dev.tokenbroker.github.entity.Organization;
import dev.tokenbroker.github.entity.Team;
import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.Cidr;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.crypto.control.VaultKeys;
import dev.tokenbroker.vault.githubauth.entity.GithubAuthConfig;
import dev.tokenbroker.vault.logical.entity.TokenType;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.token.control.TokenIssuer;
import dev.tokenbroker.vault.token.control.TokenViews;
import dev.tokenbroker.vault.token.entity.BackendTtls;
import dev.tokenbroker.vault.token.entity.LoginAuth;
import dev.tokenbroker.vault.token.entity.TokenSpec;

/**
 * Who a personal token belongs to, and which policies its teams and user map to (vault-api.md §4.2–4.4). Runs at
 * every login and every renewal: {@code GET user}, {@code user/orgs} and {@code user/teams} (all pages) at the
 * config's base URL; membership by organisation id, never by name. Repeated calls with the same token are
 * conditional requests, so an unchanged answer (304) costs no GitHub rate limit.
 */
@ApplicationScoped
public class GithubLogin {

    /** The outcome of a successful verification. {@code mapped} excludes {@code default}. */
    public record Verified(GithubAuthConfig config, GitHubUser user, Organization org, List<String> teamPolicies,
                           List<String> userPolicies, List<String> mapped, List<String> warnings) {
    }

    /** Where renewals of this method's tokens are routed back to (the path is stored with each token). */
    public static final String LOGIN_PATH = "auth/github/login";

    /** The auth method's name in the metrics. */
    public static final String METHOD = "github";

    @Inject
    GitHubApi github;

    @Inject
    GitHubSettings settings;

    @Inject
    GithubAuthStore store;

    @Inject
    Clock clock;

    @Inject
    TokenIssuer issuer;

    @Inject
    VaultKeys keys;

    @Inject
    AuditLog audit;

    @Inject
    Metrics metrics;

    @Inject
    Event<LoginAudit.Granted> granted;

    /**
     * §4.1–4.4: whether this personal token may log in from this address, and what it maps to. Every denial by GitHub
     * is audited. The token has been checked for form already.
     */
    public Verified authenticate(String pat, String clientAddress) {
        try {
            return authenticateOrThrow(pat, clientAddress);
        } catch (VaultException e) {
            metrics.login(METHOD, e.kind() == Kind.UNAVAILABLE ? "failed" : "denied");
            throw e;
        } catch (RuntimeException e) {
            metrics.login(METHOD, "failed");
            throw e;
        }
    }

    private Verified authenticateOrThrow(String pat, String clientAddress) {
        GithubAuthConfig config = store.config().orElseThrow(() -> VaultException.plain(Kind.INTERNAL,
                "configuration has not been set"));
        if (!Cidr.admits(config.tokenBoundCidrList(), clientAddress)) {
            throw VaultException.plain(Kind.PERMISSION_DENIED, "permission denied");
        }
        if (pat.isEmpty()) {
            throw VaultException.plain(Kind.INTERNAL,
                    "GitHub token is missing: send a GitHub personal access token in the \"token\" field");
        }
        try {
            return verify(config, pat);
        } catch (VaultException e) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("client", clientAddress);
            event.put("decision", "denied");
            event.put("reason", e.errors().isEmpty() ? "" : e.errors().get(0));
            audit.record("vault.login", event);
            throw e;
        }
    }

    /**
     * §4.5: the token for a verified login, with the user's entity id, in one transaction, audited after it commits
     * ({@link LoginAudit}). The config's
     * policies, team and user mappings together, through the token package's issuing path.
     */
    @Transactional
    public TokenIssuer.Issued issue(Verified verified, String pat, String clientAddress) {
        GithubAuthConfig config = verified.config();
        List<String> policies = new ArrayList<>(config.tokenPolicyList());
        policies.addAll(verified.teamPolicies());
        policies.addAll(verified.userPolicies());
        String login = verified.user().login();
        LoginAuth auth = new LoginAuth(LOGIN_PATH, "github-" + login, Map.of("org", verified.org().login(), "username", login),
                store.entityId(verified.user().id(), login), policies, config.isTokenNoDefaultPolicy(),
                config.getTokenType().equals("batch") ? TokenType.BATCH : TokenType.SERVICE, ttls(config),
                config.getTokenExplicitMaxTtl(), config.getTokenNumUses(), config.tokenBoundCidrList(),
                new TokenSpec.LoginData(verified.mapped(), Optional.of(pat), verified.user().id()));
        TokenIssuer.Issued issued = issuer.login(auth);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("client", clientAddress);
        event.put("decision", "granted");
        event.put("user", login);
        event.put("accessor", issued.info().accessor());
        event.put("tokenHmac", keys.secrets().auditHmac(issued.token()));
        event.put("policies", issued.info().policies());
        granted.fire(new LoginAudit.Granted(event)); // recorded once the transaction commits
        return issued;
    }

    /** The token settings of the config as it is now. */
    static BackendTtls ttls(GithubAuthConfig config) {
        return new BackendTtls(config.effectiveTtl(), config.effectiveMaxTtl(), config.getTokenPeriod());
    }


    /** @throws VaultException INTERNAL (plain) with the contract's message when GitHub says no or cannot be asked */
    public Verified verify(GithubAuthConfig config, String pat) {
        if (config.getOrganizationId() <= 0) {
            // A9: a stored config always has an id (the write looks it up or refuses); never match organisation 0
            throw VaultException.plain(Kind.INTERNAL, "the organization_id is not set in the config; write auth/github/config again");
        }
        URI base = base(config);
        GitHubUser user = call(base, "user", () -> github.user(base, pat));
        List<Organization> orgs = call(base, "user/orgs?per_page=100", () -> github.userOrganizations(base, pat));
        Organization org = orgs.stream().filter(o -> o.id() == config.getOrganizationId()).findFirst()
                .orElseThrow(() -> VaultException.plain(Kind.INTERNAL, "user is not part of required org"));
        List<String> warnings = new ArrayList<>();
        if (!org.login().equals(config.getOrganization())) {
            warnings.add("the organization name has changed to \"" + org.login() + "\". It is recommended to verify and "
                    + "update the organization name in the config: organization_id=" + org.id());
        }
        List<Team> teams = call(base, "user/teams?per_page=100", () -> github.userTeams(base, pat));
        Set<String> teamKeys = new LinkedHashSet<>();
        for (Team team : teams) {
            if (team.organizationId() == org.id()) {
                teamKeys.add(team.name().toLowerCase(Locale.ROOT));
                teamKeys.add(team.slug().toLowerCase(Locale.ROOT));
            }
        }
        teamKeys.add("default");
        List<String> teamPolicies = mapped("teams", teamKeys);
        List<String> userPolicies = mapped("users", List.of(user.login().toLowerCase(Locale.ROOT), "default"));
        List<String> combined = new ArrayList<>(teamPolicies);
        combined.addAll(userPolicies);
        List<String> mapped = PolicyStore.normalize(combined);
        mapped.remove("default");
        return new Verified(config, user, org, teamPolicies, userPolicies, mapped, warnings);
    }

    /** The API root of the config, or the broker's GitHub API when the config names none. */
    public URI base(GithubAuthConfig config) {
        String url = config.getBaseUrl();
        return URI.create(url.isEmpty() ? settings.apiUrl() + "/" : url);
    }

    /** §3.4: the policies in the {@code value} of each stored mapping, if it is a JSON string. */
    private List<String> mapped(String kind, Iterable<String> keys) {
        Set<String> out = new TreeSet<>();
        for (String key : keys) {
            Optional<String> raw = store.mapping(kind, key);
            if (raw.isEmpty()) {
                continue;
            }
            JsonObject entry = CachedJson.createReader(new StringReader(raw.get())).readObject();
            if (entry.get("value") instanceof JsonString value) {
                for (String piece : value.getString().split(",")) {
                    if (!piece.trim().isEmpty()) {
                        out.add(piece.trim());
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private <T> T call(URI base, String relative, java.util.function.Supplier<T> request) {
        String url = "GET " + base + relative;
        try {
            return request.get();
        } catch (GitHubUnauthorizedException e) {
            throw VaultException.plain(Kind.INTERNAL, "GitHub rejected the token: " + url + " returned 401 "
                    + (e.gitHubMessage().isEmpty() ? "Bad credentials" : e.gitHubMessage()));
        } catch (GitHubRateLimitedException e) {
            throw VaultException.plain(Kind.INTERNAL, "GitHub API rate limit exceeded (" + url + "); the limit resets at "
                    + TokenViews.rfc3339(clock.instant().plus(e.retryAfter()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        } catch (GitHubPaginationException e) {
            throw VaultException.plain(Kind.INTERNAL, "unexpected pagination from " + url + ": " + e.getMessage());
        } catch (GitHubUnexpectedResponseException e) {
            if (e.status() == 200) {
                throw VaultException.plain(Kind.INTERNAL, "unexpected answer from " + url + ": " + e.getMessage());
            }
            throw VaultException.plain(Kind.INTERNAL, "cannot reach GitHub: " + url + " failed: " + e.status());
        } catch (GitHubCallsRefusedException e) {
            throw VaultException.unavailable(true, "cannot reach GitHub: " + url + " failed: " + e.getMessage(),
                    e.retryAfter().orElseThrow());
        } catch (GitHubUnavailableException e) {
            throw VaultException.plain(Kind.INTERNAL, "cannot reach GitHub: " + url + " failed: "
                    + (e.status() > 0 ? String.valueOf(e.status()) : e.getMessage()));
        } catch (GitHubException e) {
            throw VaultException.plain(Kind.INTERNAL, "GitHub answered " + e.status() + " to " + url
                    + (e.gitHubMessage().isEmpty() ? "" : ": " + e.gitHubMessage()));
        } catch (IllegalArgumentException e) {
            throw VaultException.plain(Kind.INTERNAL, "cannot reach GitHub: " + url + " failed: " + e.getMessage());
        }
    }
}
