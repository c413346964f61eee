package dev.tokenbroker.github.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How one call authenticates: as the App (a JWT the adapter signs itself), with an installation token, with a
 * person's token, or not at all. {@link #toString()} never shows the secret; {@link #id()} is a stable, non-secret
 * name for the credential, used to keep rate-limit state and ETags per credential.
 */
public final class GitHubCredential {

    public enum Kind { APP, INSTALLATION, USER, NONE }

    private static final GitHubCredential APP = new GitHubCredential(Kind.APP, null);
    private static final GitHubCredential NONE = new GitHubCredential(Kind.NONE, null);

    private final Kind kind;
    private final String secret;
    private final String id;
    private final long installationId;

    private GitHubCredential(Kind kind, String secret) {
        this(kind, secret, 0);
    }

    private GitHubCredential(Kind kind, String secret, long installationId) {
        this.kind = kind;
        this.secret = secret;
        this.installationId = installationId;
        this.id = secret == null ? kind.name().toLowerCase() : kind.name().toLowerCase() + ":" + sha256(secret).substring(0, 32);
    }

    public static GitHubCredential app() {
        return APP;
    }

    public static GitHubCredential none() {
        return NONE;
    }

    public static GitHubCredential installationToken(String token) {
        return new GitHubCredential(Kind.INSTALLATION, requireToken(token));
    }

    /** An installation token of a known installation, whose quota the metrics then show by the installation's id. */
    public static GitHubCredential installationToken(String token, long installationId) {
        return new GitHubCredential(Kind.INSTALLATION, requireToken(token), installationId);
    }

    public static GitHubCredential userToken(String token) {
        return new GitHubCredential(Kind.USER, requireToken(token));
    }

    public Kind kind() {
        return kind;
    }

    /** The token to send, for {@link Kind#INSTALLATION} and {@link Kind#USER}. */
    public String secret() {
        return secret;
    }

    public String id() {
        return id;
    }

    /** The installation an installation token belongs to, when the caller said (0 when unknown). */
    public long installationId() {
        return installationId;
    }

    /** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String requireToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("a GitHub token must be non-empty printable ASCII without spaces");
        }
        return token;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GitHubCredential other && other.kind == kind && Objects.equals(other.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "GitHubCredential[" + kind + (secret == null ? "" : ", " + id) + "]";
    }
}
