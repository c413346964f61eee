package dev.tokenbroker.platform.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The broker's one JAX-RS application, at the context root: the workflow exchange must answer at
 * {@code /access_tokens} and the Vault-compatible API at {@code /v1}. MicroProfile JWT verifies workflow OIDC tokens
 * ({@code mp.jwt.verify.*}); it must sit on a CDI bean for Payara to see it.
 */
@LoginConfig(authMethod = "MP-JWT")
@ApplicationPath("/")
@ApplicationScoped
public class BrokerApplication extends Application {
}
