package dev.tokenbroker.vault.jwtauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.vault.jwtauth.entity.JwtRole;
import dev.tokenbroker.vault.logical.control.Fields;

/** Role writes and reads as Vault's path_role.go has them (issue 17). */
class JwtRoleRulesTest {

    private static final long SYSTEM_MAX = 32 * 86_400;

    private static Fields fields(String json) {
        JsonObject o = Json.createReader(new StringReader(json)).readObject();
        return new Fields(new LinkedHashMap<>(o));
    }

    private static List<String> write(JwtRole role, String json) {
        return JwtRoleRules.apply(fields(json), role, SYSTEM_MAX);
    }

    private static final String MINIMAL = "{\"role_type\":\"jwt\",\"user_claim\":\"sub\",\"bound_audiences\":\"a\"";

    @Test
    void legacyTokenFieldsAreAliasesAndTheNewNamesWin() {
        JwtRole role = new JwtRole("jwt", "r");
        write(role, MINIMAL + ",\"policies\":\"p1,p2\",\"ttl\":\"1h\",\"token_ttl\":\"10m\",\"bound_cidrs\":\"10.0.0.0/8\"}");
        assertThat(role.token().policyList()).containsExactly("p1", "p2");
        assertThat(role.token().getTtl()).isEqualTo(600);
        assertThat(role.token().boundCidrList()).containsExactly("10.0.0.0/8");
    }

    @Test
    void leewaysMayBeNegativeAndAreSecondsOrGoDurations() {
        JwtRole role = new JwtRole("jwt", "r");
        write(role, MINIMAL + ",\"clock_skew_leeway\":-1,\"expiration_leeway\":\"-1\",\"not_before_leeway\":\"2m\"}");
        assertThat(role.getClockSkewLeeway()).isEqualTo(-1);
        assertThat(role.getExpirationLeeway()).isEqualTo(-1);
        assertThat(role.getNotBeforeLeeway()).isEqualTo(120);
        JsonObject view = JwtRoleRules.view(role);
        assertThat(view.getJsonNumber("clock_skew_leeway").longValue()).isEqualTo(-1);
    }

    @Test
    void anUpdateKeepsWhatItDoesNotSendButResetsTheClaimsType() {
        JwtRole role = new JwtRole("jwt", "r");
        write(role, MINIMAL + ",\"bound_claims_type\":\"glob\",\"bound_claims\":{\"sub\":\"repo:x/*\"}}");
        write(role, "{\"role_type\":\"jwt\"}");
        assertThat(role.getUserClaim()).isEqualTo("sub");
        assertThat(JwtRoleRules.audiences(role)).containsExactly("a");
        assertThat(role.getBoundClaimsType()).as("Vault resets it when not sent").isEqualTo("string");
        assertThat(JwtRoleRules.object(role.getBoundClaims()).getString("sub")).isEqualTo("repo:x/*");
    }

    @Test
    void invalidWritesAreRefusedWithVaultsWords() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"role_type\":\"web\"}", "invalid 'role_type': web");
        cases.put(MINIMAL + ",\"bound_claims_type\":\"regex\"}", "invalid 'bound_claims_type': regex");
        cases.put(MINIMAL + ",\"bound_claims_type\":\"glob\",\"bound_claims\":{\"a\":[\"x\",2]}}", "claim is not a string: 2");
        cases.put(MINIMAL + ",\"claim_mappings\":{\"a\":\"x\",\"b\":\"x\"}}", "multiple keys are mapped to metadata key \"x\"");
        cases.put(MINIMAL + ",\"token_type\":\"weird\"}", "invalid 'token_type' value \"weird\"");
        cases.put(MINIMAL + ",\"token_type\":\"batch\",\"token_period\":\"1h\"}",
                "'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
        cases.put(MINIMAL + ",\"token_ttl\":\"2h\",\"token_max_ttl\":\"1h\"}", "'token_ttl' cannot be greater than 'token_max_ttl'");
        cases.put(MINIMAL + ",\"callback_mode\":\"other\"}", "invalid 'callback_mode': other");
        cases.put(MINIMAL + ",\"token_policies\":\"Bad Name\"}", "invalid policy name \"bad name\"");
        cases.forEach((body, message) -> assertThatThrownBy(() -> write(new JwtRole("jwt", "r"), body))
                .as(body).hasMessageContaining(message));
    }

    @Test
    void tooManyValuesAreRefusedBeforeStoring() {
        StringBuilder audiences = new StringBuilder();
        for (int i = 0; i <= JwtRoleRules.MAX_ITEMS; i++) {
            audiences.append(i == 0 ? "" : ",").append("aud").append(i);
        }
        assertThatThrownBy(() -> write(new JwtRole("jwt", "r"), "{\"role_type\":\"jwt\",\"user_claim\":\"sub\","
                + "\"bound_audiences\":\"" + audiences + "\"}")).hasMessageContaining("more than 100 values");
        assertThatThrownBy(() -> write(new JwtRole("jwt", "r"), MINIMAL + ",\"bound_subject\":\"" + "s".repeat(2000) + "\"}"))
                .hasMessageContaining("longer than 1024 characters");
    }

    @Test
    void aReadShowsVaultsFieldsAndNullForListsNeverSet() {
        JwtRole role = new JwtRole("jwt", "r");
        List<String> warnings = write(role, MINIMAL + ",\"verbose_oidc_logging\":true,\"token_max_ttl\":\"800h\"}");
        assertThat(warnings).hasSize(2);
        JsonObject view = JwtRoleRules.view(role);
        assertThat(view.get("bound_claims")).isEqualTo(JsonValue.NULL);
        assertThat(view.get("claim_mappings")).isEqualTo(JsonValue.NULL);
        assertThat(view.getJsonArray("bound_audiences")).hasSize(1);
        assertThat(view.getString("token_type")).isEqualTo("default");
        assertThat(view.keySet()).contains("allowed_redirect_uris", "bound_subject", "callback_mode", "groups_claim",
                "max_age", "oidc_scopes", "role_type", "user_claim", "user_claim_json_pointer", "token_bound_cidrs",
                "token_explicit_max_ttl", "token_max_ttl", "token_no_default_policy", "token_num_uses", "token_period",
                "token_policies", "token_ttl");
    }
}
