package dev.tokenbroker.vault.jwtauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/** Vault's bound_claims rules (vault-plugin-auth-jwt claims.go and its tests). */
class BoundClaimsTest {

    private static final JsonObject CLAIMS = json("""
            {"sub":"repo:octo-org/octo-repo:ref:refs/heads/main","repository":"octo-org/octo-repo",
             "ref":"refs/heads/main","run_number":"10","count":42,"ratio":1.5,"admin":true,
             "groups":["dev","ops",7],"nested":{"team":{"name":"core"}},"a/b":"slash","empty":null}""");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static void check(String bound, boolean glob) {
        BoundClaims.check(CLAIMS, json(bound), glob);
    }

    @Test
    void everyKeyMustMatchAndAnyValueOfAKeyMay() {
        assertThatCode(() -> check("{\"repository\":\"octo-org/octo-repo\",\"ref\":[\"refs/heads/dev\",\"refs/heads/main\"]}", false))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check("{\"repository\":\"octo-org/octo-repo\",\"ref\":\"refs/heads/dev\"}", false))
                .hasMessage("claim \"ref\" does not match any associated bound claim values");
    }

    @Test
    void aMissingOrNullClaimIsMissing() {
        assertThatThrownBy(() -> check("{\"environment\":\"prod\"}", false)).hasMessage("claim \"environment\" is missing");
        assertThatThrownBy(() -> check("{\"empty\":\"x\"}", false)).hasMessage("claim \"empty\" is missing");
    }

    @Test
    void typesMustMatchAsGosEqualityOnDecodedValuesDoes() {
        assertThatCode(() -> check("{\"admin\":true,\"count\":42,\"ratio\":1.5}", false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("{\"admin\":\"true\"}", false)).hasMessageContaining("\"admin\" does not match");
        assertThatThrownBy(() -> check("{\"run_number\":10}", false)).hasMessageContaining("\"run_number\" does not match");
        assertThatThrownBy(() -> check("{\"count\":\"42\"}", false)).hasMessageContaining("\"count\" does not match");
        assertThatThrownBy(() -> check("{\"count\":42.0}", false)).as("the bound number as written")
                .hasMessageContaining("\"count\" does not match");
    }

    @Test
    void aClaimListMatchesByAnyElementButItsNumbersNever() {
        assertThatCode(() -> check("{\"groups\":\"ops\"}", false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("{\"groups\":7}", false)).hasMessageContaining("\"groups\" does not match");
    }

    @Test
    void aKeyStartingWithASlashIsAJsonPointer() {
        assertThatCode(() -> check("{\"/nested/team/name\":\"core\"}", false)).doesNotThrowAnyException();
        assertThatCode(() -> check("{\"/a~1b\":\"slash\"}", false)).doesNotThrowAnyException();
        assertThatCode(() -> check("{\"/groups/1\":\"ops\"}", false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("{\"/nested/team/id\":\"x\"}", false)).hasMessage("claim \"/nested/team/id\" is missing");
    }

    @Test
    void globPatternsApplyToStringValues() {
        assertThatCode(() -> check("{\"sub\":\"repo:octo-org/*:ref:refs/heads/main\"}", true)).doesNotThrowAnyException();
        assertThatCode(() -> check("{\"groups\":[\"x*\",\"o*\"]}", true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("{\"sub\":\"repo:other-org/*\"}", true)).hasMessageContaining("\"sub\" does not match");
        assertThatThrownBy(() -> check("{\"count\":\"4*\"}", true)).as("a number is no string to glob")
                .hasMessageContaining("\"count\" does not match");
    }

    @Test
    void anObjectClaimCannotBeCompared() {
        assertThatThrownBy(() -> check("{\"nested\":\"x\"}", false))
                .hasMessageStartingWith("received claim is not a string, bool, int or list: ");
        assertThatThrownBy(() -> check("{\"ref\":{\"a\":1}}", false))
                .hasMessageStartingWith("bound claim is not a string, bool, int or list: ");
    }

    @Test
    void claimNumbersAreWrittenAsGoWritesThem() {
        assertThat(BoundClaims.numberText(json("{\"n\":42.000}").getJsonNumber("n"))).isEqualTo("42");
        assertThat(BoundClaims.numberText(json("{\"n\":1.50}").getJsonNumber("n"))).isEqualTo("1.5");
        assertThat(BoundClaims.numberText(json("{\"n\":1e3}").getJsonNumber("n"))).isEqualTo("1000");
    }
}
