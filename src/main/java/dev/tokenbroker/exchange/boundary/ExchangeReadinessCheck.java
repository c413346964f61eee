package dev.tokenbroker.exchange.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.exchange.control.ExchangeSettings;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while {@code mp.jwt.verify.audiences} is unset: every exchange would be refused. */
@Readiness
@ApplicationScoped
public class ExchangeReadinessCheck implements HealthCheck {

    @Inject
    ExchangeSettings settings;

    @Override
    public HealthCheckResponse call() {
        if (settings.audiencesConfigured()) {
            return HealthCheckResponse.up("exchange");
        }
        return HealthCheckResponse.named("exchange").down().withData("setting", ExchangeSettings.AUDIENCES)
                .withData("reason", ExchangeSettings.AUDIENCES + " is not configured: set it to the host names workflows "
                        + "use to reach the broker; until then every exchange is refused")
                .build();
    }
}
