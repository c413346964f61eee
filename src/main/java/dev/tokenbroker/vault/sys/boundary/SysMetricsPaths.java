package dev.tokenbroker.vault.sys.boundary;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultPaths;
import dev.tokenbroker.vault.logical.entity.Operation;
import dev.tokenbroker.vault.logical.entity.VaultRequest;
import dev.tokenbroker.vault.logical.entity.VaultResponse;
import dev.tokenbroker.vault.logical.entity.VaultRoute;
import dev.tokenbroker.vault.sys.control.MetricsSummary;

/**
 * {@code sys/metrics}, as Vault's handler answers it (vault/sdk/helper/metricsutil): behind the ACL (a token with
 * {@code read} on {@code sys/metrics}; the {@code default} policy has none), outside the envelope. {@code
 * ?format=prometheus} gives the same text as {@code /metrics}; no format gives the JSON summary ({@link
 * MetricsSummary}); any other format is Vault's plain-text 400. Vault also picks Prometheus from an OpenMetrics
 * {@code Accept} header; here the {@code format} parameter chooses, as Vault's documentation tells Prometheus to send.
 */
@ApplicationScoped
public class SysMetricsPaths implements VaultPaths {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Metrics metrics;

    @Inject
    Clock clock;

    @Override
    public List<VaultRoute> routes() {
        return List.of(VaultRoute.of("sys/metrics", "system", Set.of(Operation.READ), this::metrics));
    }

    VaultResponse metrics(VaultRequest request, Matcher match) {
        String format = new Fields(request.data()).string("format").orElse("");
        return switch (format) {
            case "prometheus" -> VaultResponse.text(200, PROMETHEUS_TEXT, metrics.scrape());
            case "" -> VaultResponse.raw(200, MetricsSummary.of(metrics.registry(), clock.instant()));
            default -> VaultResponse.text(400, "text/plain", "metric response format \"" + format + "\" unknown");
        };
    }
}
