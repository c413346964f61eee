package dev.tokenbroker.vault.logical.control;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.vault.logical.entity.VaultException;

/**
 * Vault's loose conversion of request fields ("weak decoding", vault-api.md §1.5). A value that cannot be converted
 * gives 400 {@code Field validation failed: error converting input <value> for field "<name>": <cause>}.
 */
public final class Fields {

    /** More digits than any long has: such a number is refused before it is expanded. */
    private static final int MAX_DIGITS = 20;
    /** Fields whose values are secrets: conversion errors do not repeat them. */
    private static final java.util.Set<String> SECRET_FIELDS = java.util.Set.of("token", "id", "client_token", "jwt");

    private final Map<String, JsonValue> data;

    public Fields(Map<String, JsonValue> data) {
        this.data = data;
    }

    /** The fields as sent. */
    public Map<String, JsonValue> data() {
        return data;
    }

    public boolean has(String name) {
        return data.containsKey(name);
    }

    public Optional<String> string(String name) {
        JsonValue v = data.get(name);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> VaultJson.decimalText(((JsonNumber) v).bigDecimalValue());
            case TRUE -> "1";
            case FALSE -> "0";
            case NULL -> "";
            default -> throw invalid(name, v, "expected a string");
        });
    }

    public Optional<Long> integer(String name) {
        JsonValue v = data.get(name);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(switch (v.getValueType()) {
            case NUMBER -> exactLong(name, v, ((JsonNumber) v).bigDecimalValue());
            case STRING -> {
                String s = ((JsonString) v).getString().trim();
                if (s.isEmpty()) {
                    yield 0L;
                }
                try {
                    yield exactLong(name, v, new BigDecimal(s));
                } catch (NumberFormatException e) {
                    throw invalid(name, v, "strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
                }
            }
            case TRUE -> 1L;
            case FALSE -> 0L;
            case NULL -> 0L;
            default -> throw invalid(name, v, "expected an integer");
        });
    }

    public Optional<Boolean> bool(String name) {
        JsonValue v = data.get(name);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(switch (v.getValueType()) {
            case TRUE -> true;
            case FALSE, NULL -> false;
            case NUMBER -> ((JsonNumber) v).bigDecimalValue().signum() != 0;
            case STRING -> parseBool(((JsonString) v).getString())
                    .orElseThrow(() -> invalid(name, v, "strconv.ParseBool: parsing \"" + ((JsonString) v).getString()
                            + "\": invalid syntax"));
            default -> throw invalid(name, v, "expected a bool");
        });
    }

    /** Go's {@code strconv.ParseBool}, with {@code ""} as false. */
    public static Optional<Boolean> parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "", "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** A comma string list: a JSON array (elements as strings, trimmed) or a string split on commas. */
    public Optional<List<String>> commaList(String name) {
        JsonValue v = data.get(name);
        if (v == null) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue element : v.asJsonArray()) {
                out.add(new Fields(Map.of(name, element)).string(name).orElse("").trim());
            }
        } else {
            String s = new Fields(Map.of(name, v)).string(name).orElse("");
            if (!s.isEmpty()) {
                for (String piece : s.split(",", -1)) {
                    out.add(piece.trim());
                }
            }
        }
        return Optional.of(out);
    }

    /** A comma integer list, as {@link #commaList} with integer elements. */
    public Optional<List<Long>> commaIntegers(String name) {
        Optional<List<String>> strings = commaList(name);
        if (strings.isEmpty()) {
            return Optional.empty();
        }
        List<Long> out = new ArrayList<>();
        for (String s : strings.get()) {
            out.add(new Fields(Map.of(name, CachedJson.createValue(s))).integer(name).orElse(0L));
        }
        return Optional.of(out);
    }

    /** Key/value pairs: a JSON object of strings, an array of {@code k=v} strings, or one {@code k=v} string. */
    public Optional<Map<String, String>> pairs(String name) {
        JsonValue v = data.get(name);
        if (v == null) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof JsonObject object) {
            object.forEach((k, value) -> out.put(k, new Fields(Map.of(k, value)).string(k).orElse("")));
            return Optional.of(out);
        }
        List<String> items = new ArrayList<>();
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            v.asJsonArray().forEach(e -> items.add(new Fields(Map.of(name, e)).string(name).orElse("")));
        } else {
            String s = string(name).orElse("");
            if (!s.isEmpty()) {
                items.add(s);
            }
        }
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw invalid(name, v, "invalid key pair \"" + item + "\"");
            }
            out.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return Optional.of(out);
    }

    /** A duration in whole seconds (vault-api.md §1.5). */
    public Optional<Long> duration(String name) {
        JsonValue v = data.get(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (v.getValueType()) {
                case NUMBER -> {
                    BigDecimal n = ((JsonNumber) v).bigDecimalValue().stripTrailingZeros();
                    if (n.scale() > 0 || n.precision() - n.scale() > MAX_DIGITS) {
                        throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + VaultJson.decimalText(n)
                                + "\": invalid syntax");
                    }
                    yield VaultDurations.parseSeconds(n.toPlainString());
                }
                case STRING -> VaultDurations.parseSeconds(((JsonString) v).getString());
                case NULL -> 0L;
                default -> throw new IllegalArgumentException("expected a duration");
            });
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(name, v, e.getMessage());
        }
    }

    /**
     * A duration that may be negative (Vault's {@code SignedDurationSecond}, as for the JWT roles' leeways, where
     * {@code -1} means none): {@code -N} or {@code "-90s"} is the negative of the duration written after the sign.
     */
    public Optional<Long> signedDuration(String name) {
        JsonValue v = data.get(name);
        String negated = null;
        if (v instanceof JsonNumber n && n.bigDecimalValue().signum() < 0) {
            negated = VaultJson.decimalText(n.bigDecimalValue().negate());
        } else if (v instanceof JsonString s && s.getString().trim().startsWith("-")) {
            negated = s.getString().trim().substring(1);
        }
        if (negated == null) {
            return duration(name);
        }
        try {
            return new Fields(Map.of(name, CachedJson.createValue(negated))).duration(name).map(seconds -> -seconds);
        } catch (VaultException e) {
            throw invalid(name, v, "expected a duration");
        }
    }

    /**
     * A whole number that fits a long. Magnitudes are checked before any conversion: {@code 1e1000000000} is a short
     * text whose plain form would take gigabytes.
     */
    private static long exactLong(String name, JsonValue v, BigDecimal value) {
        BigDecimal n = value.stripTrailingZeros();
        if (n.scale() > 0 || n.precision() - n.scale() > MAX_DIGITS) {
            throw invalid(name, v, "expected a whole number");
        }
        try {
            BigInteger exact = n.toBigIntegerExact();
            return exact.longValueExact();
        } catch (ArithmeticException e) {
            throw invalid(name, v, "expected a whole number");
        }
    }

    static VaultException invalid(String name, JsonValue value, String cause) {
        String shown = value instanceof JsonString s ? s.getString() : value.toString();
        if (SECRET_FIELDS.contains(name)) {
            shown = "<redacted>"; // a personal or broker token must never come back in an error
        }
        if (shown.length() > 100) {
            shown = shown.substring(0, 100) + "…";
        }
        return VaultException.invalid("Field validation failed: error converting input " + shown + " for field \""
                + name + "\": " + cause);
    }
}
