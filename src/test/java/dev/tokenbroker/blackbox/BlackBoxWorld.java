package dev.tokenbroker.blackbox;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.TestKeys;
import dev.tokenbroker.testsupport.TestOidcIssuer;
import dev.tokenbroker.vault.crypto.control.Secrets;

/**
 * Everything outside the broker that the black-box suite needs: a GitHub simulator with one organisation
 * ({@code octocat}, installation 100) and its policy files, a GitHub Actions OIDC issuer, the App's key and a root
 * token. {@link #brokerEnvironment()} is the configuration a broker needs to use them.
 *
 * <p>Against a broker started elsewhere, the ports, the App key file and the root token are fixed by system
 * properties ({@code blackbox.github-port}, {@code blackbox.oidc-port}, {@code blackbox.app-key-file},
 * {@code blackbox.root-token}) so that the broker can be configured before the suite starts.
 */
public final class BlackBoxWorld implements AutoCloseable {

    public static final String ISSUER = "https://token.actions.githubusercontent.com";
    /** The GitHub App's webhook secret the brokers under test are given (an external broker needs it too). */
    public static final String WEBHOOK_SECRET = "black-box-webhook-secret-0123456789";
    public static final String AUDIENCE = "broker.example.org";
    public static final String ORGANIZATION = "octocat";
    public static final long ORGANIZATION_ID = 583231;
    public static final long INSTALLATION_ID = 100;
    public static final String PERSONAL_TOKEN = "ghp_blackBoxPersonalToken0123456789abcd";

    private final GitHubSimulator github;
    private final TestOidcIssuer oidc;
    private final Path appKeyFile;
    private final String rootToken;

    private BlackBoxWorld(KeyPair appKey, Path appKeyFile, String rootToken, int githubPort, int oidcPort) {
        this.appKeyFile = appKeyFile;
        this.rootToken = rootToken;
        this.github = GitHubSimulator.start("1", (RSAPublicKey) appKey.getPublic(), githubPort);
        this.oidc = TestOidcIssuer.start(ISSUER, oidcPort);
        github.install(ORGANIZATION, INSTALLATION_ID, ORGANIZATION_ID, "Organization",
                Map.of("single_file", "read", "metadata", "read", "contents", "write", "issues", "write", "pull_requests", "write"),
                List.of("access-token.yaml", "access-token.yml", ".github/access-token.yaml", ".github/access-token.yml"));
        github.addRepository(ORGANIZATION, "playground");
        github.putFile(ORGANIZATION, ".github-access-token", "access-token.yaml", """
                origin: octocat/.github-access-token
                allowed-repository-permissions: {contents: write, pull_requests: write}
                """);
        github.putFile(ORGANIZATION, "playground", ".github/access-token.yaml", """
                origin: octocat/playground
                statements:
                  - {subjects: ['repo:${origin}:ref:refs/heads/main'], permissions: {contents: write}}
                """);
        github.addOrganization(ORGANIZATION, ORGANIZATION_ID);
        github.addUser(PERSONAL_TOKEN, "blackbox-user", 7001);
        github.addUserOrganization(PERSONAL_TOKEN, ORGANIZATION, ORGANIZATION_ID);
        github.addUserTeam(PERSONAL_TOKEN, 9001, "Platform", "platform", ORGANIZATION, ORGANIZATION_ID);
    }

    /** A world on free ports with a fresh App key (written under {@code dir}) and a random root token. */
    public static BlackBoxWorld fresh(Path dir) {
        KeyPair key = TestKeys.rsa();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String root = "hvs.BlackBox" + HexFormat.of().formatHex(random);
        try {
            Files.createDirectories(dir);
            Path keyFile = dir.resolve("app-key.pem");
            Files.writeString(keyFile, TestKeys.pkcs1Pem(key));
            return new BlackBoxWorld(key, keyFile, root, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The world an already running broker was configured for, from the {@code blackbox.*} system properties. */
    public static BlackBoxWorld fromSystemProperties() {
        Path keyFile = Path.of(required("blackbox.app-key-file"));
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(keyFile)))) {
            KeyPair key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
            return new BlackBoxWorld(key, keyFile, required("blackbox.root-token"),
                    Integer.parseInt(required("blackbox.github-port")), Integer.parseInt(required("blackbox.oidc-port")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property, "");
        if (value.isBlank()) {
            throw new IllegalStateException("set -D" + property + " (see the README's black-box section)");
        }
        return value;
    }

    /** What a broker needs to use this world, as environment variables (MicroProfile Config names). */
    public Map<String, String> brokerEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BROKER_GITHUB_API_URL", github.baseUrl().toString());
        env.put("BROKER_GITHUB_APP_ID", "1");
        env.put("BROKER_GITHUB_PRIVATE_KEY_FILE", appKeyFile.toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", ISSUER);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", oidc.jwksUrl());
        env.put("MP_JWT_VERIFY_AUDIENCES", AUDIENCE);
        env.put("BROKER_VAULT_ROOT_TOKEN_SHA256", Secrets.hash(rootToken));
        env.put("BROKER_GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET);
        return env;
    }

    public GitHubSimulator github() {
        return github;
    }

    public TestOidcIssuer oidc() {
        return oidc;
    }

    public String rootToken() {
        return rootToken;
    }

    @Override
    public void close() {
        github.close();
        oidc.close();
    }
}
