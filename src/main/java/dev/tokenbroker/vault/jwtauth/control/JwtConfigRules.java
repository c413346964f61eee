package dev.tokenbroker.vault.jwtauth.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.JsonText;
import dev.tokenbroker.platform.control.PublicKeyPem;
import dev.tokenbroker.vault.jwtauth.entity.JwtAuthConfig;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultJson;
import dev.tokenbroker.vault.logical.entity.VaultException;

/**
 * {@code auth/<mount>/config} as Vault's {@code path_config.go} has it, for {@code role_type} {@code jwt}: a write
 * replaces the whole config, needs exactly one key source, checks the keys, algorithms and URLs with Vault's words,
 * and a read shows every field Vault shows. The OIDC browser flow is not served: a config with an OIDC client is
 * refused (in Vault it would make every JWT login fail).
 */
public final class JwtConfigRules {

    static final int MAX_URL = 1024;
    static final int MAX_PUBKEYS = 50;
    static final int MAX_PEM = 65_535;

    private JwtConfigRules() {
    }

    /** A new config for {@code mount} from a write's fields; what the write did not send takes its default. */
    public static JwtAuthConfig read(String mount, Fields f, JwtAuthConfig previous) {
        JwtAuthConfig c = new JwtAuthConfig(mount);
        c.setOidcDiscoveryUrl(url(f, "oidc_discovery_url"));
        c.setOidcDiscoveryCaPem(pem(f, "oidc_discovery_ca_pem"));
        c.setJwksUrl(url(f, "jwks_url"));
        c.setJwksCaPem(pem(f, "jwks_ca_pem"));
        List<String> pubkeys = f.commaList("jwt_validation_pubkeys").orElse(List.of()).stream()
                .filter(k -> !k.isEmpty()).toList();
        List<String> algorithms = f.commaList("jwt_supported_algs").orElse(List.of()).stream()
                .filter(a -> !a.isEmpty()).toList();
        c.setBoundIssuer(bounded(f.string("bound_issuer").orElse(""), "bound_issuer", MAX_URL));
        c.setDefaultRole(bounded(f.string("default_role").orElse("").toLowerCase(Locale.ROOT), "default_role", 255));
        c.setNamespaceInState(f.bool("namespace_in_state").orElse(previous == null || previous.isNamespaceInState()));
        if (!f.string("oidc_client_id").orElse("").isEmpty() || !f.string("oidc_client_secret").orElse("").isEmpty()) {
            throw VaultException.invalid("the broker serves role_type jwt only: 'oidc_client_id' and 'oidc_client_secret' "
                    + "are not supported (with them, Vault refuses JWT logins too)");
        }
        if (!f.commaList("jwks_pairs").orElse(List.of()).isEmpty()) {
            throw VaultException.invalid("'jwks_pairs' is not supported by the broker; set 'jwks_url'");
        }
        int sources = (c.getOidcDiscoveryUrl().isEmpty() ? 0 : 1) + (c.getJwksUrl().isEmpty() ? 0 : 1)
                + (pubkeys.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw VaultException.invalid("exactly one of 'jwt_validation_pubkeys', 'jwks_url', 'jwks_pairs' or "
                    + "'oidc_discovery_url' must be set");
        }
        if (pubkeys.size() > MAX_PUBKEYS) {
            throw VaultException.invalid("at most " + MAX_PUBKEYS + " 'jwt_validation_pubkeys' are accepted");
        }
        for (String pem : pubkeys) {
            try {
                PublicKeyPem.parse(pem);
            } catch (IllegalArgumentException e) {
                throw VaultException.invalid("error parsing public key: " + e.getMessage());
            }
        }
        for (String algorithm : algorithms) {
            if (!JwtValidator.ALGORITHMS.contains(algorithm)) {
                throw VaultException.invalid("invalid jwt_supported_algs: unsupported signing algorithm \""
                        + shown(algorithm) + "\"");
            }
        }
        if (!c.getJwksCaPem().isEmpty() && c.getJwksUrl().isEmpty()) {
            throw VaultException.invalid("'jwks_ca_pem' is only used with 'jwks_url'");
        }
        c.setValidationPubkeys(VaultJson.strings(pubkeys).build().toString());
        c.setSupportedAlgs(VaultJson.strings(algorithms).build().toString());
        return c;
    }

    /** What a read shows: every field of Vault's read, the OIDC flow's empty. */
    public static JsonObject view(JwtAuthConfig c) {
        return CachedJson.createObjectBuilder()
                .add("bound_issuer", c.getBoundIssuer())
                .add("default_role", c.getDefaultRole())
                .add("jwks_ca_pem", c.getJwksCaPem())
                .add("jwks_pairs", CachedJson.createArrayBuilder())
                .add("jwks_url", c.getJwksUrl())
                .add("jwt_supported_algs", VaultJson.strings(algorithms(c)))
                .add("jwt_validation_pubkeys", VaultJson.strings(pubkeys(c)))
                .add("namespace_in_state", c.isNamespaceInState())
                .add("oidc_client_id", "")
                .add("oidc_discovery_ca_pem", c.getOidcDiscoveryCaPem())
                .add("oidc_discovery_url", c.getOidcDiscoveryUrl())
                .add("oidc_response_mode", "")
                .add("oidc_response_types", CachedJson.createArrayBuilder())
                .add("provider_config", CachedJson.createObjectBuilder())
                .add("unsupported_critical_cert_extensions", CachedJson.createArrayBuilder())
                .build();
    }

    /** The PEM keys of a config. */
    public static List<String> pubkeys(JwtAuthConfig c) {
        return strings(c.getValidationPubkeys());
    }

    /** The algorithms a config allows; empty allows all of {@link JwtValidator#ALGORITHMS}. */
    public static List<String> algorithms(JwtAuthConfig c) {
        return strings(c.getSupportedAlgs());
    }

    static List<String> strings(String jsonArray) {
        List<String> out = new ArrayList<>();
        try {
            if (JsonText.read(jsonArray) instanceof JsonArray array) {
                for (JsonValue v : array) {
                    if (v instanceof JsonString s) {
                        out.add(s.getString());
                    }
                }
            }
        } catch (JsonText.Invalid e) {
            throw new IllegalStateException("a stored JWT setting is not a JSON array", e);
        }
        return out;
    }

    private static String url(Fields f, String name) {
        String value = f.string(name).orElse("").trim();
        if (value.isEmpty()) {
            return "";
        }
        bounded(value, name, MAX_URL);
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(value, "not an absolute http or https URL without query");
            }
        } catch (URISyntaxException e) {
            throw VaultException.invalid("error parsing '" + name + "': " + e.getReason());
        }
        return value;
    }

    private static String pem(Fields f, String name) {
        return bounded(f.string(name).orElse(""), name, MAX_PEM);
    }

    private static String bounded(String value, String name, int max) {
        if (value.length() > max) {
            throw VaultException.invalid("'" + name + "' is longer than " + max + " characters");
        }
        return value;
    }

    private static String shown(String value) {
        return value.length() > 32 ? value.substring(0, 32) + "…" : value;
    }
}
