package dev.tokenbroker.vault.crypto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Encryption at rest, batch tokens and token formats (vault-api.md §5.1, cases E). */
class SecretsTest {

    private final byte[] key = Secrets.random(32);
    private final Secrets secrets = new Secrets(key, List.of());

    @Test
    void encryptsWithTheCurrentKeyIdAndDecryptsWithTheSameAad() {
        String sealed = secrets.encrypt(Secrets.PAT, "ghp_personal", "hash-of-token");
        assertThat(sealed).startsWith("v1." + Secrets.keyId(key) + ".").doesNotContain("ghp_personal");
        assertThat(secrets.decrypt(Secrets.PAT, sealed, "hash-of-token")).isEqualTo("ghp_personal");
        assertThat(secrets.encrypt(Secrets.PAT, "ghp_personal", "a")).as("random nonce").isNotEqualTo(sealed);
    }

    @Test
    void aWrongAadPurposeOrAlterationIsRefused() {
        String sealed = secrets.encrypt(Secrets.PAT, "ghp_personal", "aad");
        assertThatThrownBy(() -> secrets.decrypt(Secrets.PAT, sealed, "other")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> secrets.decrypt(Secrets.LEASE, sealed, "aad")).isInstanceOf(IllegalArgumentException.class);
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> secrets.decrypt(Secrets.PAT, altered, "aad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void e3AndE4RotationKeepsOldCiphertextsReadableUntilTheOldKeyIsRemoved() {
        String old = secrets.encrypt(Secrets.PAT, "ghp_personal", "aad");
        byte[] next = Secrets.random(32);
        Secrets rotated = new Secrets(next, List.of(key));
        assertThat(rotated.decrypt(Secrets.PAT, old, "aad")).isEqualTo("ghp_personal");
        assertThat(Secrets.keyIdOf(rotated.encrypt(Secrets.PAT, "x", "aad"))).isEqualTo(Secrets.keyId(next));
        Secrets forgotten = new Secrets(next, List.of());
        assertThatThrownBy(() -> forgotten.decrypt(Secrets.PAT, old, "aad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchTokensAreSealedAndTamperEvident() {
        String token = secrets.sealBatch("{\"policies\":[\"default\"]}");
        assertThat(token).startsWith("hvb.").matches("hvb\\.[A-Za-z0-9_-]+");
        assertThat(secrets.openBatch(token)).isEqualTo("{\"policies\":[\"default\"]}");
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> secrets.openBatch(altered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Secrets(Secrets.random(32), List.of()).openBatch(token))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> secrets.openBatch("hvs.abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void e5TokensAndAccessorsHaveTheContractsFormAndAreDistinct() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = Secrets.newServiceToken();
            assertThat(token).matches("^hvs\\.[0-9A-Za-z]{43}$");
            assertThat(Secrets.newAccessor()).matches("^[0-9A-Za-z]{24}$");
            tokens.add(token);
        }
        assertThat(tokens).hasSize(1000);
        assertThat(Secrets.hash("hvs.x")).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void onlyThirtyTwoByteKeysAreAccepted() {
        assertThatThrownBy(() -> new Secrets(new byte[16], List.of())).hasMessageContaining("32 bytes");
    }
}
