package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client address behind trusted proxies (vault-api.md §4.8) and CIDR matching. */
class ClientAddressTest {

    private static final List<Cidr> TRUSTED = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1"));

    @Test
    void g8ATrustedProxysForwardedForGivesTheRightmostUntrustedEntry() {
        assertThat(ClientAddress.resolve("10.1.1.1", List.of("1.2.3.4, 10.9.9.9"), TRUSTED)).isEqualTo("1.2.3.4");
        assertThat(ClientAddress.resolve("10.1.1.1", List.of("6.6.6.6", "1.2.3.4, 10.9.9.9"), TRUSTED)).isEqualTo("1.2.3.4");
    }

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        assertThat(ClientAddress.resolve("192.0.2.1", List.of("1.2.3.4"), TRUSTED)).isEqualTo("192.0.2.1");
    }

    @Test
    void allTrustedGivesTheLeftmostAndNoHeaderGivesThePeer() {
        assertThat(ClientAddress.resolve("10.1.1.1", List.of("10.2.2.2, 10.3.3.3"), TRUSTED)).isEqualTo("10.2.2.2");
        assertThat(ClientAddress.resolve("10.1.1.1", List.of(), TRUSTED)).isEqualTo("10.1.1.1");
    }

    @Test
    void aForwardedEntryThatIsNoIpIsRefused() {
        assertThatThrownBy(() -> ClientAddress.resolve("10.1.1.1", List.of("evil.example"), TRUSTED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({"10.0.0.0/8, 10.200.1.1, true", "10.0.0.0/8, 11.0.0.1, false", "10.0.0.5, 10.0.0.5, true",
        "10.0.0.5, 10.0.0.6, false", "2001:db8::/32, 2001:db8::1, true", "2001:db8::/32, 10.0.0.1, false",
        "0.0.0.0/0, 203.0.113.9, true"})
    void cidrsMatchAddresses(String cidr, String address, boolean contained) {
        assertThat(Cidr.parse(cidr).contains(address)).isEqualTo(contained);
    }

    @Test
    void cidrsRenderAsVaultDoes() {
        assertThat(Cidr.parse("10.0.0.5").render()).isEqualTo("10.0.0.5");
        assertThat(Cidr.parse("10.1.2.3/8").render()).isEqualTo("10.0.0.0/8");
        assertThatThrownBy(() -> Cidr.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forwardedProtoAndHostCountOnlyFromATrustedProxy() {
        assertThat(ClientAddress.origin(true, "http", "10.0.0.5:8080", "10.0.0.5:8080", "https", "broker.example.org"))
                .isEqualTo("https://broker.example.org");
        assertThat(ClientAddress.origin(false, "http", "10.0.0.5:8080", "10.0.0.5:8080", "https", "evil.example"))
                .isEqualTo("http://10.0.0.5:8080");
        assertThat(ClientAddress.origin(true, "http", "10.0.0.5:8080", "broker.internal:8080", null, null))
                .isEqualTo("http://broker.internal:8080");
    }

    @Test
    void invalidForwardedValuesAreIgnoredAndTheFirstOfSeveralCounts() {
        assertThat(ClientAddress.origin(true, "http", "h:1", "h:1", "gopher", "bad host/<script>")).isEqualTo("http://h:1");
        assertThat(ClientAddress.origin(true, "http", "h:1", "h:1", "https, http", "a.example, b.example"))
                .isEqualTo("https://a.example");
        assertThat(ClientAddress.origin(true, "http", "h:1", "h:1", "HTTPS", "[2001:db8::1]:8443")).isEqualTo("https://[2001:db8::1]:8443");
        assertThat(ClientAddress.origin(false, "https", "h:1", "x y", null, null)).as("an invalid Host header").isEqualTo("https://h:1");
    }
}
