package dev.tokenbroker.vault.jwtauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.platform.control.JsonWebKeys;

/** OIDC discovery for a JWT mount: the document's issuer must be the URL, its jwks_uri is where the keys are. */
class JwtKeySourcesTest {

    private final List<URI> asked = new ArrayList<>();

    private JsonWebKeys.Source answering(String document) {
        return location -> {
            asked.add(location);
            return new JsonWebKeys.Fetched(document, Optional.empty());
        };
    }

    @Test
    void aGitHubEnterpriseServerIssuerIsDiscoveredUnderItsPath() throws IOException {
        String issuer = "https://ghes.example.org/_services/token";
        URI jwks = JwtKeySources.discover(answering("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
                + "/.well-known/jwks\"}"), issuer);
        assertThat(asked).containsExactly(URI.create(issuer + "/.well-known/openid-configuration"));
        assertThat(jwks).isEqualTo(URI.create(issuer + "/.well-known/jwks"));
    }

    @Test
    void theDocumentsIssuerMustBeTheUrlExactly() {
        String issuer = "https://token.actions.githubusercontent.com";
        assertThatThrownBy(() -> JwtKeySources.discover(answering("{\"issuer\":\"" + issuer + "/\",\"jwks_uri\":\"" + issuer
                + "/.well-known/jwks\"}"), issuer)).hasMessageContaining("issuer did not match the returned issuer");
        assertThatThrownBy(() -> JwtKeySources.discover(answering("{\"issuer\":\"" + issuer + "\"}"), issuer))
                .hasMessageContaining("no jwks_uri");
        assertThatThrownBy(() -> JwtKeySources.discover(answering("[]"), issuer))
                .hasMessageContaining("failed to decode OIDC discovery document");
    }

    @Test
    void anHttpsIssuerCannotSendTheKeysOverPlainHttp() {
        String issuer = "https://token.actions.githubusercontent.com";
        assertThatThrownBy(() -> JwtKeySources.discover(answering("{\"issuer\":\"" + issuer
                + "\",\"jwks_uri\":\"http://token.actions.githubusercontent.com/.well-known/jwks\"}"), issuer))
                .hasMessageContaining("not an https URL");
    }
}
