package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    private static String nested(int depth) {
        return "{\"a\":" + "[".repeat(depth - 1) + "1" + "]".repeat(depth - 1) + "}";
    }

    @Test
    void sixtyFourLevelsAreRead() throws Exception {
        assertThat(JsonText.read(nested(64))).isInstanceOf(JsonObject.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 1_001, 100_000})
    void deeperIsRefusedBeforeAnyParserSeesIt(int depth) {
        assertThatThrownBy(() -> JsonText.read(nested(depth))).isInstanceOf(JsonText.Invalid.class)
                .hasMessage("JSON nested deeper than 64 levels");
    }

    @Test
    void bracketsInsideStringsDoNotCount() throws Exception {
        String text = "{\"a\":\"" + "[{".repeat(1000) + "\\\"" + "\"}";
        assertThat(JsonText.read(text)).isInstanceOf(JsonObject.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "nul", "\"unterminated", "{\"a\":1,}", "[1,2"})
    void anythingMalformedIsInvalidWhateverTheParserThrows(String text) {
        assertThatThrownBy(() -> JsonText.read(text)).isInstanceOf(JsonText.Invalid.class).hasMessage("invalid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}}", "{\"a\":1} {}", "{\"a\":1}\u0000", "{\"a\":1}x", "1 2"})
    void contentAfterTheValueIsRefused(String text) {
        assertThatThrownBy(() -> JsonText.read(text)).isInstanceOf(JsonText.Invalid.class);
    }

    @Test
    void whiteSpaceAroundTheValueIsFine() throws Exception {
        assertThat(JsonText.read(" \n{\"a\":1}\r\n\t ")).isInstanceOf(JsonObject.class);
    }

    @Test
    void aSyntaxErrorSaysWhere() {
        assertThatThrownBy(() -> JsonText.read("{\n\"a\": x}")).isInstanceOfSatisfying(JsonText.Invalid.class,
                e -> assertThat(e.where()).hasValueSatisfying(w -> assertThat(w).startsWith("line 2")));
    }
}
