package dev.tokenbroker.exchange.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BodySizeLimitTest {

    @Test
    void oneValueOrIdenticalRepeatsAreTheLength() {
        assertThat(BodySizeLimit.declaredLength("36")).isEqualTo(36);
        assertThat(BodySizeLimit.declaredLength(" 36 ")).isEqualTo(36);
        assertThat(BodySizeLimit.declaredLength("36,36")).as("as Open Liberty passes it on").isEqualTo(36);
        assertThat(BodySizeLimit.declaredLength("0")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "36,37", "-1", "+5", "1e3", "0x10", "9999999999999999999", "36,", "abc"})
    void anythingElseIsInvalid(String header) {
        assertThatThrownBy(() -> BodySizeLimit.declaredLength(header)).isInstanceOf(NumberFormatException.class);
    }
}
