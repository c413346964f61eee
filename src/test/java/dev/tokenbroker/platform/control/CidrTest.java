package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8\u0000", "\u000010.0.0.0/8", "10.0.0.0\u0000/8", "10.0.0.0/8\n", "\t10.0.0.0/8"})
    void aControlCharacterAnywhereIsRefusedNotDropped(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", " 10.0.0.0/8 ", "2001:db8::/32"})
    void literalsWithSpacesAroundAreRead(String text) {
        assertThat(Cidr.parse(text).text()).isEqualTo(text.strip());
    }

    @Test
    void aBindingAdmitsOnlyAddressesInsideItAndNoBindingAdmitsAll() {
        assertThat(Cidr.admits(java.util.List.of(), "203.0.113.9")).isTrue();
        assertThat(Cidr.admits(java.util.List.of("", " "), "203.0.113.9")).as("blank entries bind nothing").isTrue();
        assertThat(Cidr.admits(java.util.List.of("10.0.0.0/8", " 192.168.1.0/24"), "192.168.1.20")).isTrue();
        assertThat(Cidr.admits(java.util.List.of("10.0.0.0/8", "192.168.1.0/24"), "192.168.2.20")).isFalse();
        assertThat(Cidr.admits(java.util.List.of("2001:db8::/32"), "2001:db8::1")).isTrue();
    }
}
