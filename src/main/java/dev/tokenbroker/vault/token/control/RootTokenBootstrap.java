package dev.tokenbroker.vault.token.control;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.vault.crypto.control.Secrets;
import dev.tokenbroker.vault.logical.entity.TokenType;
import dev.tokenbroker.vault.token.entity.TokenSpec;

/**
 * Makes the root token at start-up (vault-api.md §5.2); no root token with a well-known value ever exists.
 * Option A: the operator configures its SHA-256 ({@code broker.vault.root-token.sha256}, preferred) or its value
 * ({@code broker.vault.root-token.value}, hashed and forgotten); any other configured root is revoked, and a revoked
 * configured root is never re-created (tombstone). Option B ({@code broker.vault.root-token.generate=true}): one
 * token is generated once, across all nodes, and shown once in the log.
 */
@ApplicationScoped
public class RootTokenBootstrap {

    public static final String CONFIG_ROOT = "config-root";
    public static final String GENERATED_ROOT = "generated-root";
    static final String TOMBSTONE = "tombstone:";
    static final String GENERATED_MARKER = "root-token-generated";
    private static final String SHA256 = "broker.vault.root-token.sha256";
    private static final String VALUE = "broker.vault.root-token.value";
    private static final Logger LOG = LogLines.logger(RootTokenBootstrap.class);
    /**
     * What {@link TokenStore#resolve} can ever accept as a service token, and what survives an HTTP header unchanged:
     * a configured value outside this form would be "in place" and yet refused on every request.
     */
    static final java.util.regex.Pattern ROOT_TOKEN_FORM = java.util.regex.Pattern.compile("hvs\\.[A-Za-z0-9]{16,256}");

    @Inject
    Settings settings;

    @Inject
    ConfigurationProblems problems;

    @Inject
    TokenStore tokens;

    @Inject
    Clock clock;

    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        try {
            bootstrap();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "The Vault root token could not be set up; the API has no administrator", e);
        }
    }

    void bootstrap() {
        Optional<String> configured = configuredHash();
        if (configured.isPresent()) {
            String hash = configured.get();
            for (String other : tokens.hashesBySource(CONFIG_ROOT)) {
                if (!other.equals(hash)) {
                    tokens.revoke(other);
                    LOG.info("Revoked the previously configured root token " + other.substring(0, 8));
                }
            }
            if (tokens.marked(TOMBSTONE + hash)) {
                LOG.warning("The configured root token was revoked and is not created again; configure a new value in "
                        + SHA256 + " or " + VALUE);
            } else if (!tokens.exists(hash)) {
                try {
                    tokens.createWithHash(hash, rootSpec(CONFIG_ROOT));
                    LOG.info("The configured root token " + hash.substring(0, 8) + "… is in place");
                } catch (RuntimeException raced) {
                    LOG.log(Level.FINE, "another node created the configured root token first", raced);
                }
            }
            return;
        }
        if (Boolean.parseBoolean(settings.text("broker.vault.root-token.generate", "false"))) {
            Optional<String> token;
            try {
                token = tokens.createOnce(GENERATED_MARKER, rootSpec(GENERATED_ROOT));
            } catch (RuntimeException raced) {
                LOG.log(Level.FINE, "another node generated the root token first", raced);
                token = Optional.empty();
            }
            token.ifPresent(t -> LOG.warning("\n*** Vault API root token, shown once: " + t
                    + "\n*** Create an admin policy and token with it, then revoke it (auth/token/revoke-self).\n"));
            return;
        }
        LOG.warning("No Vault root token is configured (" + SHA256 + ", " + VALUE
                + " or broker.vault.root-token.generate): the Vault API has no administrator");
    }

    private Optional<String> configuredHash() {
        Optional<String> sha = settings.text(SHA256);
        if (sha.isPresent()) {
            String hash = sha.get().toLowerCase(java.util.Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                String message = SHA256 + ": must be 64 hexadecimal characters (the SHA-256 of the root token); no root token "
                        + "was created";
                LOG.severe(message);
                problems.report(SHA256, message);
                return Optional.empty();
            }
            return Optional.of(hash);
        }
        Optional<String> value = settings.text(VALUE);
        if (value.isPresent()) {
            if (!ROOT_TOKEN_FORM.matcher(value.get()).matches()) {
                String message = VALUE + ": must be a token in Vault's form, hvs. followed by 16 to 256 letters and digits "
                        + "(e.g. hvs.$(openssl rand -hex 24)); any other value could never be presented, so no root token was "
                        + "created";
                LOG.severe(message);
                problems.report(VALUE, message);
                return Optional.empty();
            }
            return Optional.of(Secrets.hash(value.get()));
        }
        return Optional.empty();
    }

    private TokenSpec rootSpec(String source) {
        return TokenSpec.builder(TokenType.SERVICE, "auth/token/root", source, clock.instant()).policies(List.of("root"))
                .displayName("root").build();
    }
}
