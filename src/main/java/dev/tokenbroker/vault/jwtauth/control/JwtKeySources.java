package dev.tokenbroker.vault.jwtauth.control;

import java.io.IOException;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import dev.tokenbroker.platform.control.JsonText;
import dev.tokenbroker.platform.control.JsonWebKeys;
import dev.tokenbroker.platform.control.JwsAlgorithm;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.PublicKeyPem;
import dev.tokenbroker.vault.jwtauth.entity.JwtAuthConfig;

/**
 * The signing keys of each JWT mount, built from its config once and rebuilt when the config changes (on any node:
 * the config's key settings are compared at each login). Three sources, as in Vault:
 * <ul>
 * <li>{@code jwt_validation_pubkeys}: the PEM keys, tried in turn.</li>
 * <li>{@code jwks_url}: the key set, with {@link JsonWebKeys}' rules (kept for its {@code max-age} within 30 s–10
 * min, an unknown {@code kid} refetches at most once per 30 s, a failed fetch keeps the last keys).</li>
 * <li>{@code oidc_discovery_url}: its discovery document, whose {@code issuer} must be the URL exactly, names the
 * key set ({@code jwks_uri}); the document is fetched again at most once per 30 s until it answers.</li>
 * </ul>
 * Unlike Vault, no redirect is followed, fetches are bounded in time and size, and a stream of tokens with unknown
 * {@code kid}s cannot make the broker fetch per token.
 */
@ApplicationScoped
public class JwtKeySources {

    private static final Logger LOG = LogLines.logger(JwtKeySources.class);
    static final Duration DISCOVERY_RETRY = Duration.ofSeconds(30);
    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    /** Keys of every algorithm Vault accepts are kept; the config's {@code jwt_supported_algs} is applied per token. */
    static final Set<JwsAlgorithm> ALL_ALGORITHMS = EnumSet.allOf(JwsAlgorithm.class);

    @Inject
    Clock clock;

    private record Built(long version, JwtValidator.Keys keys) {
    }

    private final Map<String, Built> byMount = new ConcurrentHashMap<>();

    /**
     * The keys of this mount's config, built once per version of the stored row (a write that changes anything gives
     * it a new version, on whichever node it is made), so a login compares one number rather than the PEM texts.
     */
    public JwtValidator.Keys keys(JwtAuthConfig config) {
        Built built = byMount.get(config.getMount());
        if (built == null || built.version() != config.getVersion()) {
            built = new Built(config.getVersion(), build(config));
            byMount.put(config.getMount(), built);
        }
        return built.keys();
    }

    /**
     * Vault's check at a config write: a discovery document must answer with its own URL as {@code issuer}, a key
     * set must answer. The message is Vault's, without detail (the detail is logged).
     *
     * @throws IllegalArgumentException when the source does not answer as it should
     */
    public void check(JwtAuthConfig config) {
        if (!config.getOidcDiscoveryUrl().isEmpty()) {
            try {
                discover(new JwtFetch(config.getOidcDiscoveryCaPem()), config.getOidcDiscoveryUrl());
            } catch (IOException | IllegalArgumentException e) {
                LOG.warning("auth/" + config.getMount() + "/config: the OIDC discovery URL does not answer as it should: "
                        + e.getMessage());
                throw new IllegalArgumentException("error checking oidc discovery URL");
            }
        } else if (!config.getJwksUrl().isEmpty()) {
            try {
                JwtFetch fetch = new JwtFetch(config.getJwksCaPem());
                String body = fetch.fetch(URI.create(config.getJwksUrl())).body();
                if (!(JsonText.read(body) instanceof JsonObject set && set.containsKey("keys"))) {
                    throw new IOException("the answer is not a JSON Web Key Set");
                }
            } catch (IOException | JsonText.Invalid | IllegalArgumentException e) {
                LOG.warning("auth/" + config.getMount() + "/config: the JWKS URL does not answer as it should: " + e.getMessage());
                throw new IllegalArgumentException("error checking jwks URL " + config.getJwksUrl());
            }
        }
    }

    /** The discovery document's {@code jwks_uri}, after checking its {@code issuer}. */
    static URI discover(JsonWebKeys.Source fetch, String discoveryUrl) throws IOException {
        String base = discoveryUrl.endsWith("/") ? discoveryUrl.substring(0, discoveryUrl.length() - 1) : discoveryUrl;
        String body = fetch.fetch(URI.create(base + DISCOVERY_PATH)).body();
        JsonObject document;
        try {
            if (!(JsonText.read(body) instanceof JsonObject o)) {
                throw new IOException("failed to decode OIDC discovery document");
            }
            document = o;
        } catch (JsonText.Invalid e) {
            throw new IOException("failed to decode OIDC discovery document");
        }
        String issuer = document.get("issuer") instanceof JsonString s ? s.getString() : "";
        if (!issuer.equals(discoveryUrl)) {
            throw new IOException("issuer did not match the returned issuer, expected \"" + discoveryUrl + "\" got \""
                    + issuer + "\"");
        }
        if (!(document.get("jwks_uri") instanceof JsonString jwks) || jwks.getString().isEmpty()) {
            throw new IOException("the discovery document has no jwks_uri");
        }
        URI location = URI.create(jwks.getString());
        if (!"https".equals(location.getScheme()) && !("http".equals(location.getScheme())
                && URI.create(discoveryUrl).getScheme().equals("http"))) {
            throw new IOException("the discovery document's jwks_uri is not an https URL");
        }
        return location;
    }

    private JwtValidator.Keys build(JwtAuthConfig config) {
        if (!config.getOidcDiscoveryUrl().isEmpty()) {
            return new DiscoveredKeys(config, clock);
        }
        if (!config.getJwksUrl().isEmpty()) {
            return remote(new JsonWebKeys(URI.create(config.getJwksUrl()), new JwtFetch(config.getJwksCaPem()), clock,
                    ALL_ALGORITHMS));
        }
        List<PublicKey> keys = new ArrayList<>();
        for (String pem : JwtConfigRules.pubkeys(config)) {
            keys.add(PublicKeyPem.parse(pem));
        }
        List<PublicKey> fixed = List.copyOf(keys);
        return new JwtValidator.Keys() {
            @Override
            public List<PublicKey> candidates(String kid, JwsAlgorithm algorithm) {
                return fixed.stream().filter(algorithm::fits).toList();
            }

            @Override
            public String noKeyMessage() {
                return "no known key successfully validated the token signature";
            }
        };
    }

    static JwtValidator.Keys remote(JsonWebKeys set) {
        return new JwtValidator.Keys() {
            @Override
            public List<PublicKey> candidates(String kid, JwsAlgorithm algorithm) throws JwtValidator.KeysUnavailable {
                try {
                    return set.publicKeys(kid, algorithm);
                } catch (JsonWebKeys.Unavailable e) {
                    throw new JwtValidator.KeysUnavailable("fetching keys oidc: get keys failed");
                }
            }

            @Override
            public String noKeyMessage() {
                return "failed to verify id token signature";
            }
        };
    }

    /** A discovery URL's keys: the document is read on first use and again, at most every 30 s, until it answers. */
    private static final class DiscoveredKeys implements JwtValidator.Keys {
        private final JwtAuthConfig config;
        private final Clock clock;
        private volatile JwtValidator.Keys keys;
        private volatile Instant lastAttempt = Instant.MIN;

        DiscoveredKeys(JwtAuthConfig config, Clock clock) {
            this.config = config;
            this.clock = clock;
        }

        @Override
        public List<PublicKey> candidates(String kid, JwsAlgorithm algorithm) throws JwtValidator.KeysUnavailable {
            return resolved().candidates(kid, algorithm);
        }

        @Override
        public String noKeyMessage() {
            return "failed to verify id token signature";
        }

        private synchronized JwtValidator.Keys resolved() throws JwtValidator.KeysUnavailable {
            if (keys != null) {
                return keys;
            }
            Instant now = clock.instant();
            if (now.isBefore(lastAttempt.plus(DISCOVERY_RETRY))) {
                throw new JwtValidator.KeysUnavailable("fetching keys oidc: the discovery document did not answer");
            }
            lastAttempt = now;
            try {
                JwtFetch fetch = new JwtFetch(config.getOidcDiscoveryCaPem());
                keys = remote(new JsonWebKeys(discover(fetch, config.getOidcDiscoveryUrl()), fetch, clock, ALL_ALGORITHMS));
                return keys;
            } catch (IOException | IllegalArgumentException e) {
                LOG.warning("auth/" + config.getMount() + ": the OIDC discovery document could not be read: " + e.getMessage());
                throw new JwtValidator.KeysUnavailable("fetching keys oidc: the discovery document did not answer");
            }
        }
    }
}
