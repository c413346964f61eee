package dev.tokenbroker.vault.http.control;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tokenbroker.vault.logical.entity.VaultException;

/** Every bounded field, just inside and just outside its bound. */
class VaultInputLimitsTest {

    private static JsonValue array(int n, String item) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (int i = 0; i < n; i++) {
            a.add(item + i);
        }
        return a.build();
    }

    private static JsonValue commaString(int n, String item) {
        return Json.createValue(String.join(",", Collections.nCopies(n, item)));
    }

    private static JsonValue meta(int n, int keyLength, int valueLength) {
        JsonObjectBuilder o = Json.createObjectBuilder();
        for (int i = 0; i < n; i++) {
            o.add(String.format("%0" + keyLength + "d", i), "v".repeat(valueLength));
        }
        return o.build();
    }

    private static String text(int n) {
        return "x".repeat(n);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("31 policies in an array", "policies", array(31, "p")),
                Arguments.of("31 policies in a comma string", "policies", commaString(31, "p")),
                Arguments.of("a policy name of 129", "policies", Json.createArrayBuilder().add(text(129)).build()),
                Arguments.of("a huge comma string", "token_policies", Json.createValue(text(100_000))),
                Arguments.of("31 mapped policies", "value", commaString(31, "p")),
                Arguments.of("33 bound CIDRs", "bound_cidrs", array(33, "10.0.0.")),
                Arguments.of("a CIDR of 51", "token_bound_cidrs", Json.createValue(text(51))),
                Arguments.of("a NUL after a CIDR", "token_bound_cidrs", Json.createValue("10.0.0.0/8\u0000")),
                Arguments.of("a NUL before a CIDR in an array", "bound_cidrs",
                        Json.createArrayBuilder().add("\u000010.0.0.0/8").build()),
                Arguments.of("a display name of 129", "display_name", Json.createValue(text(129))),
                Arguments.of("33 meta pairs", "meta", meta(33, 4, 4)),
                Arguments.of("a meta key of 65", "meta", meta(1, 65, 1)),
                Arguments.of("a meta value of 257", "meta", meta(1, 4, 257)),
                Arguments.of("33 meta pairs as k=v strings", "meta", array(33, "k=v")),
                Arguments.of("one long k=v string", "meta", Json.createValue("k=" + text(400))),
                Arguments.of("501 repositories", "repositories", array(501, "repo")),
                Arguments.of("a repository name of 101", "repositories", Json.createValue(text(101))),
                Arguments.of("501 repository ids", "repository_ids", commaString(501, "1")),
                Arguments.of("101 permissions", "permissions", meta(101, 4, 4)),
                Arguments.of("an organization of 256", "organization", Json.createValue(text(256))),
                Arguments.of("a base URL of 1025", "base_url", Json.createValue(text(1025))),
                Arguments.of("a lease id of 256", "lease_id", Json.createValue(text(256))),
                Arguments.of("an accessor of 65", "accessor", Json.createValue(text(65))),
                Arguments.of("a token of 4097", "token", Json.createValue(text(4097))),
                Arguments.of("a ttl of 65", "ttl", Json.createValue("1".repeat(65))),
                Arguments.of("65 capability paths", "paths", array(65, "secret/")),
                Arguments.of("a NUL in a display name", "display_name", Json.createValue("a\u0000b")),
                Arguments.of("a NUL in a field nobody bounds", "whatever", Json.createValue("\u0000")),
                Arguments.of("a NUL in a nested key", "meta", Json.createObjectBuilder().add("k\u0000", "v").build()),
                Arguments.of("a NUL deep in an array", "anything", Json.createArrayBuilder().add(Json.createArrayBuilder()
                        .add("x\u0000")).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatIsOutOfBounds(String name, String field, JsonValue value) {
        assertThatThrownBy(() -> VaultInputLimits.check(Map.of(field, value)))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(VaultException.Kind.INVALID_REQUEST);
                    org.assertj.core.api.Assertions.assertThat(e.errors()).singleElement().asString().contains("\"" + field + "\"");
                });
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("30 policies", "policies", array(30, "p")),
                Arguments.of("a policy name of 128", "policies", Json.createArrayBuilder().add(text(128)).build()),
                Arguments.of("32 CIDRs", "token_bound_cidrs", commaString(32, "2001:db8::/32")),
                Arguments.of("a display name of 128", "display_name", Json.createValue(text(128))),
                Arguments.of("32 meta pairs at their longest", "meta", meta(32, 64, 256)),
                Arguments.of("500 repositories", "repositories", array(500, "repo")),
                Arguments.of("a batch token of 4096", "token", Json.createValue(text(4096))),
                Arguments.of("a number where a string is bounded", "display_name", Json.createValue(12345)),
                Arguments.of("a field nobody bounds", "no_parent", JsonValue.TRUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsWhatIsWithinBounds(String name, String field, JsonValue value) {
        assertThatCode(() -> VaultInputLimits.check(Map.of(field, value))).doesNotThrowAnyException();
    }

    @Test
    void controlCharactersInThePathAreRefused() {
        assertThatThrownBy(() -> VaultInputLimits.checkPath("sys/policies/acl/\u0000"))
                .isInstanceOfSatisfying(VaultException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(VaultException.Kind.INVALID_REQUEST));
    }

    @Test
    void pathSegmentsAreBounded() {
        assertThatCode(() -> VaultInputLimits.checkPath("sys/policies/acl/" + text(128))).doesNotThrowAnyException();
        assertThatThrownBy(() -> VaultInputLimits.checkPath("sys/policies/acl/" + text(129)))
                .isInstanceOfSatisfying(VaultException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(VaultException.Kind.INVALID_REQUEST));
    }
}
