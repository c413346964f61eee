package dev.tokenbroker.github.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.github.entity.GitHubNotConfiguredException;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.platform.control.Settings;

/**
 * The GitHub App's identity: its id and private key, read once at start-up, and the App JWT signed from them and
 * reused until shortly before it expires. A missing id or an unreadable key does not stop the deployment: the
 * problem is kept, readiness reports it, and every call that needs the App fails with
 * {@link GitHubNotConfiguredException} naming the setting.
 */
@ApplicationScoped
public class GitHubAppCredentials {

    public static final String APP_ID = "broker.github.app-id";
    public static final String PRIVATE_KEY = "broker.github.private-key";
    public static final String PRIVATE_KEY_FILE = "broker.github.private-key-file";

    private static final Logger LOG = LogLines.logger(GitHubAppCredentials.class);

    @Inject
    Settings settings;

    @Inject
    Clock clock;

    private String appId;
    private RSAPrivateKey key;
    private GitHubNotConfiguredException problem;
    private AppJwt current;
    private volatile boolean rejectedByGitHub;

    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        problem(); // touching the bean reads the credentials
    }

    @PostConstruct
    void read() {
        Optional<String> id = settings.text(APP_ID);
        if (id.isEmpty()) {
            problem = new GitHubNotConfiguredException(APP_ID, "The GitHub App is not configured: set " + APP_ID
                    + " (environment variable BROKER_GITHUB_APP_ID) to the App's id or client id");
        } else if (!id.get().matches("[A-Za-z0-9._-]{1,64}")) {
            problem = new GitHubNotConfiguredException(APP_ID, APP_ID + " must be the App's numeric id or its client id");
        } else {
            appId = id.get();
            problem = readKey();
        }
        if (problem != null) {
            LOG.warning(problem.getMessage());
        } else {
            LOG.info("GitHub App " + appId + " configured; its private key was read");
        }
    }

    private GitHubNotConfiguredException readKey() {
        Optional<String> inline = settings.text(PRIVATE_KEY);
        Optional<String> file = settings.text(PRIVATE_KEY_FILE);
        if (inline.isPresent() && file.isPresent()) {
            return new GitHubNotConfiguredException(PRIVATE_KEY, "Set only one of " + PRIVATE_KEY + " and " + PRIVATE_KEY_FILE);
        }
        if (inline.isEmpty() && file.isEmpty()) {
            return new GitHubNotConfiguredException(PRIVATE_KEY, "The GitHub App's private key is not configured: set "
                    + PRIVATE_KEY_FILE + " (BROKER_GITHUB_PRIVATE_KEY_FILE) to the PEM file's path, or "
                    + PRIVATE_KEY + " (BROKER_GITHUB_PRIVATE_KEY) to its contents");
        }
        String setting = inline.isPresent() ? PRIVATE_KEY : PRIVATE_KEY_FILE;
        String pem;
        if (inline.isPresent()) {
            pem = inline.get();
        } else {
            try {
                pem = Files.readString(Path.of(file.get()), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                return new GitHubNotConfiguredException(setting, "The GitHub App's private key file " + file.get()
                        + " (" + PRIVATE_KEY_FILE + ") cannot be read: " + e.getClass().getSimpleName());
            }
        }
        try {
            key = PrivateKeyParser.parse(pem);
            return null;
        } catch (PrivateKeyParser.InvalidPrivateKeyException e) {
            return new GitHubNotConfiguredException(setting, "The GitHub App's private key (" + setting + ") is unusable: "
                    + e.getMessage());
        }
    }

    /** Why the App cannot be used, if it cannot. */
    public Optional<GitHubNotConfiguredException> problem() {
        return Optional.ofNullable(problem);
    }

    /** Whether a usable private key was read (for read-only views that must never show it). */
    public boolean hasKey() {
        return key != null;
    }

    /** The configured App id as written, if it is valid (also when the key is missing). */
    public Optional<String> configuredAppId() {
        return Optional.ofNullable(appId);
    }

    public String appId() {
        requireConfigured();
        return appId;
    }

    /** Whether GitHub's last answer to an App-JWT call was 401: the App id or key does not match the App. */
    public boolean rejectedByGitHub() {
        return rejectedByGitHub;
    }

    void recordGitHubVerdict(boolean accepted) {
        rejectedByGitHub = !accepted;
    }

    /** The App JWT to send now: the cached one while it is fresh enough, else a newly signed one. */
    public synchronized String jwt() {
        requireConfigured();
        if (current == null || !current.usableAt(clock.instant())) {
            current = AppJwt.sign(appId, key, clock.instant());
        }
        return current.value();
    }

    private void requireConfigured() {
        if (problem != null) {
            throw new GitHubNotConfiguredException(problem.setting(), problem.getMessage());
        }
    }
}
