package dev.tokenbroker.vault.http.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.vault.logical.entity.VaultException.Kind;

/** Each kind of Vault error is answered with Vault's status for it (vault-api.md §1.7). */
class VaultErrorsTest {

    @Test
    void everyKindHasVaultsStatus() {
        Map<Kind, Integer> expected = new EnumMap<>(Map.of(Kind.INVALID_REQUEST, 400, Kind.PERMISSION_DENIED, 403,
                Kind.NOT_FOUND, 404, Kind.UNSUPPORTED_OPERATION, 405, Kind.REQUEST_TOO_LARGE, 413,
                Kind.UNSUPPORTED_MEDIA_TYPE, 415, Kind.INTERNAL, 500, Kind.UNAVAILABLE, 503));
        Map<Kind, Integer> actual = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            actual.put(kind, VaultErrors.status(kind));
        }
        assertThat(actual).isEqualTo(expected);
    }
}
