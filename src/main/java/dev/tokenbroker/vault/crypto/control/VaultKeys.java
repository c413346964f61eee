package dev.tokenbroker.vault.crypto.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.vault.logical.entity.VaultException;

/**
 * The Vault API's master key (vault-api.md §0.4, §5.1): {@code broker.vault.encryption.key} when set; otherwise a key
 * generated once into {@code <broker.data-dir>/vault-encryption.key} (never into the database), with a WARN saying
 * where, so that a restart can still read what was encrypted. Every node of a cluster must be given the same key.
 * A key that cannot be used is reported by readiness, and every operation that needs it fails closed.
 */
@ApplicationScoped
public class VaultKeys {

    public static final String KEY = "broker.vault.encryption.key";
    public static final String PREVIOUS = "broker.vault.encryption.previous-keys";
    static final String FILE_NAME = "vault-encryption.key";
    private static final Logger LOG = LogLines.logger(VaultKeys.class);

    @Inject
    Settings settings;

    @Inject
    ConfigurationProblems problems;

    private Secrets secrets;

    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        available(); // touching the bean loads or generates the key at start, so readiness can report it
    }

    @PostConstruct
    void load() {
        try {
            byte[] current = settings.text(KEY).map(VaultKeys::decode).orElseGet(this::generatedKey);
            List<byte[]> previous = new ArrayList<>();
            for (String old : settings.text(PREVIOUS, "").split(",")) {
                if (!old.isBlank()) {
                    previous.add(decode(old));
                }
            }
            secrets = new Secrets(current, previous);
        } catch (IllegalArgumentException | IllegalStateException e) {
            problems.report(KEY, KEY + ": " + e.getMessage());
            LOG.severe("The Vault API cannot encrypt or decrypt: " + e.getMessage());
        }
    }

    /**
     * Stops all encryption and decryption on this node (fail closed) and reports why on readiness: used when the
     * key is not the one the other nodes use.
     */
    public void refuse(String reason) {
        secrets = null;
        problems.report(KEY, KEY + ": " + reason);
        LOG.severe("The Vault API cannot encrypt or decrypt: " + reason);
    }

    /** @throws VaultException INTERNAL ("internal error") when no usable key is configured */
    public Secrets secrets() {
        if (secrets == null) {
            throw VaultException.failed("internal error");
        }
        return secrets;
    }

    public Optional<Secrets> available() {
        return Optional.ofNullable(secrets);
    }

    private static byte[] decode(String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.trim());
            if (key.length != 32) {
                throw new IllegalArgumentException("must be the base64 of exactly 32 random bytes (openssl rand -base64 32)");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("must") ? e.getMessage()
                    : "is not base64; use the output of: openssl rand -base64 32");
        }
    }

    private byte[] generatedKey() {
        Path file = Path.of(settings.text("broker.data-dir", "data")).toAbsolutePath().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII));
            }
            Files.createDirectories(file.getParent());
            byte[] key = Secrets.random(32);
            try {
                createOwnerOnly(file); // the file is never readable by others, not even before the key is in it
            } catch (FileAlreadyExistsException raced) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII));
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE);
            LOG.warning("No " + KEY + " was configured: generated a new Vault encryption key into " + file
                    + ". Back it up, and give every broker node the same key (" + KEY + ").");
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("no key configured and none could be kept in " + file + " ("
                    + e.getClass().getSimpleName() + "); set " + KEY);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            LOG.fine("the file system has no POSIX permissions");
            Files.createFile(file);
        }
    }
}
