package dev.tokenbroker.platform.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The broker's one JAX-RS application, at the context root: the workflow exchange must answer at
 * {@code /access_tokens} and the Vault-compatible API at {@code /v1} (a servlet). No container authentication: the
 * exchange verifies workflow OIDC tokens itself ({@code WorkflowTokenVerifier}) and the Vault API its own tokens.
 */
@ApplicationPath("/")
@ApplicationScoped
public class BrokerApplication extends Application {
}
