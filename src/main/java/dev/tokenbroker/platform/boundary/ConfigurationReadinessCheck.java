package dev.tokenbroker.platform.boundary;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.ConfigurationProblems;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while any setting is unusable, with one entry per setting saying what is wrong. */
@Readiness
@ApplicationScoped
public class ConfigurationReadinessCheck implements HealthCheck {

    @Inject
    ConfigurationProblems problems;

    @Override
    public HealthCheckResponse call() {
        Map<String, String> all = problems.all();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("configuration").status(all.isEmpty());
        all.forEach(response::withData);
        return response.build();
    }
}
