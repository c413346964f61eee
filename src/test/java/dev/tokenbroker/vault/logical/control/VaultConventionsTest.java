package dev.tokenbroker.vault.logical.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.logical.entity.VaultException.Kind;
import dev.tokenbroker.vault.logical.entity.VaultResponse;

/** Vault's HTTP conventions that are pure functions: durations, field conversion, errors, the envelope. */
class VaultConventionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"'', 0", "3600, 3600", "7d, 604800", "1h30m, 5400", "1.5h, 5400", "90s, 90", "500ms, 0", "768h, 2764800",
        "2m0.5s, 120", "9223372036s, 9223372036", "9223372036, 9223372036", "2562047h, 9223369200"})
    void parsesVaultDurations(String text, long seconds) {
        assertThat(VaultDurations.parseSeconds(text)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d12h", "-5", "-1h", "abc", "5 m", "1y", "9223372036854775807s", "9223372037s",
        "9223372037", "99999999999999999999999", "2562048h", "999999999d", "106752d"})
    void refusesOtherDurations(String text) {
        assertThatThrownBy(() -> VaultDurations.parseSeconds(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({"2764800, 768h", "5400, 1h30m", "3630, 1h30s", "2700, 45m", "90, 1m30s", "0, 0s", "3600, 1h", "172800, 48h"})
    void formatsDurationsAsVaultsWarningsDo(long seconds, String text) {
        assertThat(VaultDurations.format(seconds)).isEqualTo(text);
    }

    private static Fields fields(String json) {
        return new Fields(Json.createReader(new StringReader(json)).readObject());
    }

    @Test
    void convertsLooselyAsVaultDoes() {
        Fields f = fields("{\"s\":12,\"b\":true,\"i\":\"42\",\"e\":\"\",\"t\":\"T\",\"n\":3,\"big\":123456789012345,"
                + "\"list\":\"a, b,,c\",\"arr\":[1,\" x \"],\"kv\":[\"a=b=c\"],\"kvs\":\"k=v,w\",\"obj\":{\"x\":\"1\"},\"d\":\"1h\",\"dn\":60}");
        assertThat(f.string("s")).contains("12");
        assertThat(f.string("b")).contains("1");
        assertThat(f.integer("i")).contains(42L);
        assertThat(f.integer("e")).contains(0L);
        assertThat(f.integer("big")).contains(123456789012345L);
        assertThat(f.bool("t")).contains(true);
        assertThat(f.bool("n")).contains(true);
        assertThat(f.bool("e")).contains(false);
        assertThat(f.commaList("list")).contains(List.of("a", "b", "", "c"));
        assertThat(f.commaList("arr")).contains(List.of("1", "x"));
        assertThat(f.pairs("kv")).contains(Map.of("a", "b=c"));
        assertThat(f.pairs("kvs")).as("a string is not split on commas").contains(Map.of("k", "v,w"));
        assertThat(f.pairs("obj")).contains(Map.of("x", "1"));
        assertThat(f.duration("d")).contains(3600L);
        assertThat(f.duration("dn")).contains(60L);
        assertThat(f.string("missing")).isEmpty();
    }

    @Test
    void aFailedConversionNamesTheValueAndTheField() {
        assertThatThrownBy(() -> fields("{\"token_ttl\":\"soon\"}").duration("token_ttl"))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VaultException.Kind.INVALID_REQUEST);
                    assertThat(e.errors().get(0)).startsWith("Field validation failed: error converting input soon for field \"token_ttl\": ");
                });
        assertThatThrownBy(() -> fields("{\"n\":3.5}").integer("n")).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> fields("{\"d\":3600.5}").duration("d")).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> fields("{\"v\":[\"a\"]}").string("v")).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> fields("{\"b\":\"maybe\"}").bool("b")).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> fields("{\"kv\":\"=x\"}").pairs("kv")).hasMessageContaining("invalid key pair \"=x\"");
        assertThatThrownBy(() -> fields("{\"d\":\"-5\"}").duration("d")).hasMessageContaining("cannot provide negative value");
    }

    @Test
    void hugeExponentsAreRefusedBeforeTheyAreExpanded() {
        for (String number : List.of("1e1000000000", "1e-1000000000", "-1e400", "123456789012345678901234")) {
            assertThatThrownBy(() -> fields("{\"n\":" + number + "}").integer("n")).as(number).isInstanceOf(VaultException.class);
            assertThatThrownBy(() -> fields("{\"n\":\"" + number + "\"}").integer("n")).as(number).isInstanceOf(VaultException.class);
            assertThatThrownBy(() -> fields("{\"d\":" + number + "}").duration("d")).as(number).isInstanceOf(VaultException.class);
        }
        assertThat(fields("{\"s\":1e100000000}").string("s").orElseThrow()).as("kept short").hasSizeLessThan(50);
        assertThat(fields("{\"n\":4.2e3}").integer("n")).contains(4200L);
        assertThat(fields("{\"d\":3600.0}").duration("d")).contains(3600L);
    }

    @Test
    void aConversionErrorNeverRepeatsAToken() {
        assertThatThrownBy(() -> fields("{\"token\":[\"ghp_secretPersonalToken\"]}").string("token"))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.errors().get(0))
                        .doesNotContain("ghp_secretPersonalToken").contains("<redacted>"));
    }

    @Test
    void wrappedErrorsAreMultierrorLists() {
        assertThat(VaultException.wrapped(Kind.PERMISSION_DENIED, "permission denied").errors())
                .containsExactly("1 error occurred:\n\t* permission denied\n\n");
        assertThat(VaultException.wrapped(Kind.PERMISSION_DENIED, "permission denied", "invalid token").errors())
                .containsExactly("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");
        assertThat(VaultException.invalid("error parsing JSON").errors()).containsExactly("error parsing JSON");
        assertThat(VaultJson.errors(VaultException.empty(Kind.NOT_FOUND))).isEqualTo("{\"errors\":[]}");
        assertThat(VaultJson.errors(VaultException.invalid("x"))).isEqualTo("{\"errors\":[\"x\"]}");
    }

    @Test
    void theEnvelopeHasEveryMemberEvenWhenNull() {
        String json = VaultJson.envelope(VaultResponse.data(null), "token");
        JsonObject o = Json.createReader(new StringReader(json)).readObject();
        assertThat(o.keySet()).containsExactly("request_id", "lease_id", "renewable", "lease_duration", "data",
                "wrap_info", "warnings", "auth", "mount_type");
        assertThat(o.get("data")).isEqualTo(JsonValue.NULL);
        assertThat(o.get("warnings")).isEqualTo(JsonValue.NULL);
        assertThat(o.getString("lease_id")).isEmpty();
        assertThat(o.getBoolean("renewable")).isFalse();
        assertThat(json).doesNotContain(": ").doesNotContain(", ").contains("\"data\":null");
    }

    @Test
    void sysRoutesCopyDataToTheTopLevel() {
        JsonObject data = Json.createObjectBuilder().add("keys", Json.createArrayBuilder().add("a")).build();
        JsonObject o = Json.createReader(new StringReader(VaultJson.envelope(VaultResponse.data(data).copyDataToTop()
                .warning("w"), "system"))).readObject();
        assertThat(o.getJsonArray("keys")).hasSize(1);
        assertThat(o.getJsonArray("warnings").getString(0)).isEqualTo("w");
    }
}
