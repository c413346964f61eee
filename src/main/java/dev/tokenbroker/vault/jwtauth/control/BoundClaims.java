package dev.tokenbroker.vault.jwtauth.control;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Vault's reading and matching of claims ({@code claims.go} of {@code vault-plugin-auth-jwt}), pure:
 * <ul>
 * <li>A claim name starting with {@code /} is a JSON Pointer (RFC 6901) into the claims; any other is a top-level
 * name. A JSON {@code null} is a missing claim.</li>
 * <li>Every key of {@code bound_claims} must match (and); within a key, any bound value may match any of the claim's
 * values (or). A claim or bound value that is a list is its elements; a string, number or boolean is itself.</li>
 * <li>{@code string} matching compares type and value, as Go's {@code ==} on the decoded values does: the string
 * {@code "true"} is not the boolean {@code true}; a number read as a claim is written in its shortest decimal form
 * ({@code 42}, {@code 1.5}) and compared with the bound number as it was written; numbers inside a claim's list never
 * match (Vault leaves them as floats).</li>
 * <li>{@code glob} matching ({@link GoGlob}) applies string patterns to the claim's string values only.</li>
 * </ul>
 * Failures are {@link IllegalArgumentException}s with Vault's words; the caller prefixes them.
 */
public final class BoundClaims {

    /** {@code LISTED_NUMBER} and {@code OTHER} never match anything. */
    enum Kind { STRING, NUMBER, BOOL, LISTED_NUMBER, OTHER }

    /** One comparable value: its kind and its text. */
    record Value(Kind kind, String text) {
    }

    private BoundClaims() {
    }

    /** The claim at {@code key}: a JSON Pointer when it starts with {@code /}, else the top-level claim. */
    public static Optional<JsonValue> claim(JsonObject claims, String key) {
        JsonValue found = key.startsWith("/") ? pointer(claims, key) : claims.get(key);
        return found == null || found == JsonValue.NULL ? Optional.empty() : Optional.of(found);
    }

    /** A claim's number as Go writes a float64 it turned into {@code json.Number}: shortest, without exponent. */
    public static String numberText(JsonNumber n) {
        BigDecimal value = n.bigDecimalValue().stripTrailingZeros();
        return value.scale() <= 0 ? value.toBigInteger().toString() : value.toPlainString();
    }

    /** @throws IllegalArgumentException with Vault's message when a bound claim does not match */
    public static void check(JsonObject claims, JsonObject bound, boolean glob) {
        for (Map.Entry<String, JsonValue> entry : bound.entrySet()) {
            String key = entry.getKey();
            JsonValue actual = claim(claims, key).orElseThrow(
                    () -> new IllegalArgumentException("claim \"" + key + "\" is missing"));
            List<Value> actualValues = values(actual, true, "received claim is not a string, bool, int or list: ");
            List<Value> expected = values(entry.getValue(), false, "bound claim is not a string, bool, int or list: ");
            if (!anyMatches(expected, actualValues, glob)) {
                throw new IllegalArgumentException("claim \"" + key + "\" does not match any associated bound claim values");
            }
        }
    }

    private static boolean anyMatches(List<Value> expected, List<Value> actual, boolean glob) {
        for (Value e : expected) {
            if (glob && e.kind() != Kind.STRING) {
                throw new IllegalArgumentException("received claim is not a glob string: " + e.text());
            }
            for (Value a : actual) {
                if (glob ? a.kind() == Kind.STRING && GoGlob.matches(e.text(), a.text()) : comparable(a) && e.equals(a)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean comparable(Value v) {
        return v.kind() != Kind.LISTED_NUMBER && v.kind() != Kind.OTHER;
    }

    private static List<Value> values(JsonValue value, boolean fromClaims, String notSupported) {
        List<Value> out = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (JsonValue element : array) {
                out.add(element instanceof JsonNumber n && fromClaims ? new Value(Kind.LISTED_NUMBER, n.toString())
                        : scalar(element).orElse(new Value(Kind.OTHER, element.toString())));
            }
            return out;
        }
        Value single = scalar(value).orElseThrow(() -> new IllegalArgumentException(notSupported + value));
        if (single.kind() == Kind.NUMBER && fromClaims) {
            single = new Value(Kind.NUMBER, numberText((JsonNumber) value));
        }
        out.add(single);
        return out;
    }

    private static Optional<Value> scalar(JsonValue value) {
        if (value instanceof JsonString s) {
            return Optional.of(new Value(Kind.STRING, s.getString()));
        }
        if (value instanceof JsonNumber n) {
            return Optional.of(new Value(Kind.NUMBER, n.toString()));
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return Optional.of(new Value(Kind.BOOL, value.toString()));
        }
        return Optional.empty();
    }

    /** RFC 6901: {@code /a/b/0}, with {@code ~1} for {@code /} and {@code ~0} for {@code ~}; null when absent. */
    private static JsonValue pointer(JsonObject claims, String pointer) {
        JsonValue current = claims;
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (current instanceof JsonObject object) {
                current = object.get(token);
            } else if (current instanceof JsonArray array && token.matches("0|[1-9][0-9]{0,8}")
                    && Integer.parseInt(token) < array.size()) {
                current = array.get(Integer.parseInt(token));
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }
}
