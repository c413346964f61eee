package dev.tokenbroker.vault.sys.control;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.vault.crypto.control.Secrets;
import dev.tokenbroker.vault.crypto.control.VaultKeys;
import dev.tokenbroker.vault.token.control.TokenStore;

/**
 * Several nodes must share one encryption key, or what one node encrypted (personal tokens, minted GitHub tokens
 * awaiting revocation) another cannot read. At start, a node compares its keys with the key ids recorded in the
 * database: if none of them is known to it, it refuses to encrypt or decrypt at all (readiness DOWN) rather than
 * write data the other nodes cannot read. Otherwise it records its current key id, so a rotation (new key, old key
 * among the previous ones) is accepted and then expected of the other nodes.
 */
@ApplicationScoped
public class EncryptionKeyCheck {

    static final String MARKER = "vault-encryption-key:";

    private static final Logger LOG = LogLines.logger(EncryptionKeyCheck.class);

    @Inject
    VaultKeys keys;

    @Inject
    TokenStore tokens;

    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        keys.available().ifPresent(secrets -> {
            try {
                check(secrets);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The encryption key could not be compared with the other nodes' key", e);
            }
        });
    }

    void check(Secrets secrets) {
        List<String> recorded = tokens.markersStartingWith(MARKER).stream().map(m -> m.substring(MARKER.length())).toList();
        if (!recorded.isEmpty() && recorded.stream().noneMatch(secrets::knows)) {
            keys.refuse("this node's key (id " + secrets.currentKeyId() + ") is not the key the database was set up with (id "
                    + String.join(", ", recorded) + "); give every node the same " + VaultKeys.KEY + " (older keys in "
                    + VaultKeys.PREVIOUS + ")");
            return;
        }
        if (!recorded.contains(secrets.currentKeyId())) {
            tokens.mark(MARKER + secrets.currentKeyId());
        }
    }
}
