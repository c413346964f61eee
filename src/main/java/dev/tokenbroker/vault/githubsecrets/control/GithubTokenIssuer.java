package dev.tokenbroker.vault.githubsecrets.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.entity.GitHubCallsRefusedException;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubNotConfiguredException;
import dev.tokenbroker.github.entity.Installation;
import dev.tokenbroker.github.entity.MintedToken;
import dev.tokenbroker.github.entity.ScopedTokenRequest;
import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.vault.crypto.control.Secrets;
import dev.tokenbroker.vault.lease.control.LeaseStore;
import dev.tokenbroker.vault.lease.entity.StoredLease;
import dev.tokenbroker.vault.logical.control.VaultSettings;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultResponse;

/**
 * Mints a GitHub installation token for a broker token holder and records it as a lease the holder's token owns
 * (vault-api.md §7.2, §7.6). The ACL has already decided what may be asked; this asks GitHub for exactly that.
 * The token leaves the broker only in the response; the lease keeps it encrypted until it is revoked.
 */
@ApplicationScoped
public class GithubTokenIssuer {

    private static final Logger LOG = LogLines.logger(GithubTokenIssuer.class);

    @Inject
    GitHubApi github;

    @Inject
    LeaseStore leases;

    @Inject
    VaultSettings settings;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** @param leasePrefix {@code github/token/} or {@code github/token/<set>/} */
    public VaultResponse issue(TokenInfo caller, GithubTokenFields fields, String leasePrefix) {
        long installationId = fields.installationId() != 0 ? fields.installationId() : installationOf(fields.orgName());
        MintedToken minted;
        try {
            minted = github.mintAsAsked(installationId, new ScopedTokenRequest(fields.repositories(),
                    fields.repositoryIds(), fields.permissions()));
        } catch (GitHubCallsRefusedException e) {
            throw VaultException.unavailable(false, "unable to create access token: " + e.getMessage(),
                    e.retryAfter().orElseThrow());
        } catch (GitHubException e) {
            throw VaultException.failed("unable to create access token: " + describe(e));
        }
        Instant now = clock.instant();
        Instant end = minted.token().expiresAt();
        if (caller.batch()) {
            end = earlier(end, caller.expireTime().orElse(end));
        }
        StoredLease lease = new StoredLease();
        lease.setLeaseId(leasePrefix + Secrets.randomBase62("", 24));
        lease.setOwnerHash(caller.batch() ? caller.parentHash().orElse(null) : caller.hash());
        lease.setRequesterHash(requesterHash(caller));
        lease.setRequestPath(leasePrefix.substring(0, leasePrefix.length() - 1));
        lease.setIssueTime(now);
        lease.setExpireTime(end);
        lease.setGithubExpiresAt(minted.token().expiresAt());
        lease.setInstallationId(installationId);
        try {
            leases.create(lease, minted.token().token());
        } catch (RuntimeException e) {
            revokeUnrecorded(minted.token().token());
            throw e;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("leaseId", lease.getLeaseId());
        event.put("accessor", caller.accessor());
        event.put("installationId", installationId);
        event.put("permissions", minted.token().permissions());
        event.put("repositories", minted.token().repositories());
        event.put("tokenHash", Secrets.hash(minted.token().token()));
        event.put("expiresAt", minted.token().expiresAt().toString());
        audit.record("github.token", event);
        long duration = Math.max(0, Duration.between(now, end).getSeconds());
        return VaultResponse.data(data(minted.answer(), installationId, fields.orgName(), settings.excludeRepositoryMetadata()))
                .lease(lease.getLeaseId(), duration, false);
    }

    /** {@code github/installations}: account login to installation id (§7.5). */
    public JsonObject installations() {
        JsonObjectBuilder out = CachedJson.createObjectBuilder();
        allInstallations().forEach(i -> out.add(i.accountLogin(), i.id()));
        return out.build();
    }

    /** The SHA-256 a lease records for the token that asked: a batch token's is computed, it is stored nowhere. */
    public static String requesterHash(TokenInfo caller) {
        return caller.batch() ? Secrets.hash(caller.presented()) : caller.hash();
    }

    private long installationOf(String orgName) {
        return allInstallations().stream().filter(i -> i.accountLogin().equalsIgnoreCase(orgName)).findFirst()
                .map(Installation::id)
                .orElseThrow(() -> VaultException.failed("app not installed in GitHub organization"));
    }

    /** Every installation of the App, all pages, never cached (the plugin's behaviour, §7.2). */
    private List<Installation> allInstallations() {
        try {
            return github.installations();
        } catch (GitHubCallsRefusedException e) {
            throw VaultException.unavailable(false, "unable to get installations: " + e.getMessage(),
                    e.retryAfter().orElseThrow());
        } catch (GitHubException e) {
            throw VaultException.failed("unable to get installations: " + describe(e));
        }
    }

    /** GitHub's answer plus {@code installation_id} and a given {@code org_name}; repositories as names if asked (§7.2). */
    static JsonObject data(JsonObject answer, long installationId, String orgName, boolean repositoryNamesOnly) {
        JsonObjectBuilder data = CachedJson.createObjectBuilder(answer);
        if (repositoryNamesOnly && answer.get("repositories") instanceof jakarta.json.JsonArray repos) {
            JsonArrayBuilder names = CachedJson.createArrayBuilder();
            for (JsonValue r : repos) {
                if (r instanceof JsonObject repo && repo.get("name") instanceof jakarta.json.JsonString name) {
                    names.add(name);
                }
            }
            data.add("repositories", names);
        }
        data.add("installation_id", installationId);
        if (!orgName.isEmpty()) {
            data.add("org_name", orgName);
        }
        return data.build();
    }

    /** GitHub's failure as the plugin words it: {@code <status line>: <body>}, with GitHub's message as the body. */
    static String describe(GitHubException e) {
        if (e instanceof GitHubNotConfiguredException) {
            return e.getMessage();
        }
        if (e.status() == 0) {
            return e.getMessage();
        }
        String body = CachedJson.createObjectBuilder().add("message", e.gitHubMessage()).build().toString();
        String phrase = reasonPhrase(e.status());
        return e.status() + (phrase.isEmpty() ? "" : " " + phrase) + ": " + body;
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    private void revokeUnrecorded(String token) {
        try {
            github.revoke(token);
        } catch (GitHubException e) {
            LOG.log(Level.SEVERE, "A minted GitHub token could not be recorded nor revoked; it expires within an hour", e);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
