package dev.tokenbroker.exchange.control;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tokenbroker.github.entity.GitHubCredential;

/**
 * The {@code token_hash} the action logs: Base64 of the UTF-8 bytes of the lower-case hex SHA-256 of the token.
 * The audit trail carries the same value, so a workflow's log line and the broker's audit event can be matched.
 */
public final class TokenHash {

    private TokenHash() {
    }

    public static String of(String token) {
        return Base64.getEncoder().encodeToString(GitHubCredential.sha256(token).getBytes(StandardCharsets.UTF_8));
    }
}
