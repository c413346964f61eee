package dev.tokenbroker.vault.token.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A configured root token value is accepted only in the one form the token store can ever resolve. */
class RootTokenFormTest {

    @ParameterizedTest
    @ValueSource(strings = {"hvs.BlackBoxRootToken0123456789", "hvs.0123456789abcdef", "hvs.RootTokenOfTheRestartIT0123456789abcd"})
    void vaultServiceTokensAreAccepted(String value) {
        assertThat(RootTokenBootstrap.ROOT_TOKEN_FORM.matcher(value).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-very-secret-root-token-value", "s.0123456789abcdef0123", "hvs.short", "hvs.0123456789abcde",
        "HVS.0123456789abcdef", "hvs.0123456789 abcdef", "hvs.0123456789abcdef\n", "hvb.0123456789abcdef",
        "hvs.0123456789-abcdef", "hvs.ünicode0123456789"})
    void anythingElseIsRefused(String value) {
        assertThat(RootTokenBootstrap.ROOT_TOKEN_FORM.matcher(value).matches()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theFormHasAnUpperBound() {
        assertThat(RootTokenBootstrap.ROOT_TOKEN_FORM.matcher("hvs." + "a".repeat(256)).matches()).isTrue();
        assertThat(RootTokenBootstrap.ROOT_TOKEN_FORM.matcher("hvs." + "a".repeat(257)).matches()).isFalse();
    }
}
