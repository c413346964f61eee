package dev.tokenbroker.vault.sys.boundary;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.githubsecrets.control.GithubTokenIssuer;
import dev.tokenbroker.vault.lease.control.LeaseRevoker;
import dev.tokenbroker.vault.lease.control.LeaseStore;
import dev.tokenbroker.vault.lease.entity.LeaseInfo;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.TokenInfo;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.token.control.TokenViews;

/**
 * {@code sys/leases/*} for the secrets engine's leases (vault-api.md §7.6): lookup, prefix listing (sudo), renew
 * (never possible: GitHub cannot extend a token) and revoke. A caller without {@code sudo} on the path may act only
 * on leases its token owns or asked for; an unknown id gets the operation's own answer, so ownership never tells
 * which ids exist.
 */
@ApplicationScoped
public class LeasePaths implements VaultPaths {

    private static final String MOUNT = "system";

    @Inject
    LeaseStore leases;

    @Inject
    LeaseRevoker revoker;

    @Inject
    PolicyStore policies;

    @Inject
    Clock clock;

    @Override
    public List<VaultRoute> routes() {
        Set<Operation> update = Set.of(Operation.UPDATE);
        return List.of(
                VaultRoute.of("sys/leases/lookup", MOUNT, update, (r, m) -> lookup(r)),
                VaultRoute.of("sys/leases/lookup(?:/(.*))?", MOUNT, Set.of(Operation.LIST), this::list).requiringSudo(),
                VaultRoute.of("sys/leases/renew(?:/(.+))?", MOUNT, update, this::renew),
                VaultRoute.of("sys/leases/revoke(?:/(.+))?", MOUNT, update, this::revoke));
    }

    private VaultResponse lookup(VaultRequest request) {
        String id = new Fields(request.data()).string("lease_id").orElse("").trim();
        if (id.isEmpty()) {
            throw VaultException.invalid("lease_id must be specified");
        }
        LeaseInfo lease = leases.find(id).orElseThrow(() -> VaultException.invalid("invalid lease"));
        requireHeldOrSudo(request, lease);
        long ttl = Math.max(0, Duration.between(clock.instant(), lease.expireTime()).getSeconds());
        return VaultResponse.data(CachedJson.createObjectBuilder()
                .add("id", lease.leaseId())
                .add("issue_time", TokenViews.rfc3339(lease.issueTime()))
                .add("expire_time", TokenViews.rfc3339(lease.expireTime()))
                .add("last_renewal", JsonValue.NULL)
                .add("renewable", false)
                .add("ttl", ttl)
                .build());
    }

    private VaultResponse list(VaultRequest request, Matcher match) {
        String prefix = Optional.ofNullable(match.group(1)).orElse("");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return VaultResponse.keys(leases.keysUnder(prefix));
    }

    private VaultResponse renew(VaultRequest request, Matcher match) {
        String id = leaseId(request, match);
        LeaseInfo lease = leases.find(id).orElseThrow(() -> VaultException.invalid("lease not found"));
        requireHeldOrSudo(request, lease);
        throw VaultException.invalid("lease is not renewable");
    }

    private VaultResponse revoke(VaultRequest request, Matcher match) {
        String id = leaseId(request, match);
        Optional<LeaseInfo> lease = leases.find(id);
        if (lease.isEmpty()) {
            return VaultResponse.noContent();
        }
        requireHeldOrSudo(request, lease.get());
        boolean sync = new Fields(request.data()).bool("sync").orElse(true);
        leases.markForRevocation(id);
        if (!sync) {
            return VaultResponse.raw(202, null);
        }
        Optional<LeaseRevoker.Attempt> attempt = revoker.attempt(id);
        if (attempt.isEmpty()) {
            // another node holds the lease right now, or it waits for its backoff: it stays pending and is revoked
            return leases.find(id).isEmpty() ? VaultResponse.noContent() : VaultResponse.raw(202, null);
        }
        if (!attempt.get().done()) {
            String message = "failed to revoke lease at GitHub: " + attempt.get().error() + "; revocation will be retried";
            throw attempt.get().retryAfter().map(after -> VaultException.unavailable(true, message, after))
                    .orElseGet(() -> VaultException.invalid(message));
        }
        return VaultResponse.noContent();
    }

    private static String leaseId(VaultRequest request, Matcher match) {
        String id = match.group(1) != null ? match.group(1)
                : new Fields(request.data()).string("lease_id").orElse("").trim();
        if (id.isEmpty()) {
            throw VaultException.invalid("lease_id must be specified");
        }
        return id;
    }

    private void requireHeldOrSudo(VaultRequest request, LeaseInfo lease) {
        TokenInfo caller = request.callerToken();
        if (lease.heldBy(GithubTokenIssuer.requesterHash(caller))) {
            return;
        }
        if (!policies.grantsSudo(caller, request.path())) {
            throw VaultException.permissionDenied();
        }
    }
}
