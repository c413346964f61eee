package dev.tokenbroker.vault.sys.boundary;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.sys.control.VaultDatabase;
import dev.tokenbroker.vault.sys.control.VaultVersion;

/**
 * {@code sys/health} (vault-api.md §1.8): unauthenticated, outside the envelope. The broker is always initialised and
 * active, so it answers {@code activecode} (default 200) — unless its database does not answer: then it reports
 * itself sealed with {@code sealedcode} (default 503), which takes the node out of load balancers that poll Vault
 * health.
 */
@ApplicationScoped
public class SysHealthPaths implements VaultPaths {

    @Inject
    VaultVersion version;

    @Inject
    Clock clock;

    /** The final HTTP statuses a load balancer can be told to expect; 1xx are not final answers. */
    static final int MIN_STATUS = 200;
    static final int MAX_STATUS = 599;

    @Inject
    VaultDatabase database;

    @Override
    public List<VaultRoute> routes() {
        return List.of(VaultRoute.of("sys/health", "system", Set.of(Operation.READ), this::health).unauthenticated());
    }

    VaultResponse health(VaultRequest request, Matcher match) {
        Fields fields = new Fields(request.data());
        for (String code : List.of("activecode", "standbycode", "sealedcode", "uninitcode", "drsecondarycode",
                "performancestandbycode")) {
            if (fields.has(code)) {
                long value;
                try {
                    value = fields.integer(code).orElse(0L);
                } catch (VaultException e) {
                    throw VaultException.empty(Kind.INVALID_REQUEST);
                }
                if (value < MIN_STATUS || value > MAX_STATUS) {
                    // Vault's Go server panics on codes outside 100-999; a servlet writes an invalid status line
                    throw VaultException.invalid(code + " must be an HTTP status code from " + MIN_STATUS + " to "
                            + MAX_STATUS);
                }
            }
        }
        boolean sealed = !database.reachable();
        int status = (sealed ? fields.integer("sealedcode").orElse(503L) : fields.integer("activecode").orElse(200L)).intValue();
        return VaultResponse.raw(status, CachedJson.createObjectBuilder()
                .add("initialized", true)
                .add("sealed", sealed)
                .add("standby", false)
                .add("performance_standby", false)
                .add("replication_performance_mode", "disabled")
                .add("replication_dr_mode", "disabled")
                .add("server_time_utc", clock.instant().getEpochSecond())
                .add("version", version.reported())
                .build());
    }
}
