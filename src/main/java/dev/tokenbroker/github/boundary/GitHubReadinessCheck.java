package dev.tokenbroker.github.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.github.control.GitHubAppCredentials;
import dev.tokenbroker.github.control.GitHubCircuit;
import dev.tokenbroker.github.control.GitHubSettings;
import dev.tokenbroker.github.entity.GitHubNotConfiguredException;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN when the broker cannot act as its GitHub App: no App id, an unreadable key, or GitHub answered 401 to the
 * last App-authenticated call. Reports the circuit breaker's state without making it a reason for DOWN: a GitHub
 * outage is answered per request with 503 and {@code Retry-After}, and taking every node out of the load balancer
 * would also stop what needs no GitHub. The probe itself never calls GitHub.
 */
@Readiness
@ApplicationScoped
public class GitHubReadinessCheck implements HealthCheck {

    @Inject
    GitHubAppCredentials credentials;

    @Inject
    GitHubCircuit circuit;

    @Inject
    GitHubSettings settings;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("github")
                .withData("api-url", settings.apiUrl().toString())
                .withData("circuit-breaker", circuit.state().name().toLowerCase().replace('_', '-'));
        if (credentials.problem().isPresent()) {
            GitHubNotConfiguredException problem = credentials.problem().get();
            return response.down().withData("setting", problem.setting()).withData("reason", problem.getMessage()).build();
        }
        if (credentials.rejectedByGitHub()) {
            return response.down().withData("setting", GitHubAppCredentials.APP_ID)
                    .withData("reason", "GitHub rejected the App's JWT (401); check that " + GitHubAppCredentials.APP_ID
                            + " and the private key belong to the same GitHub App")
                    .build();
        }
        return response.up().withData("app-id", credentials.appId()).build();
    }
}
