package dev.tokenbroker.github.control;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;
import dev.tokenbroker.platform.control.CachedJson;

/** Strict reading of GitHub's JSON: a missing or mistyped required field is an unexpected response, not a guess. */
final class GitHubJson {

    private GitHubJson() {
    }

    static JsonObject object(String call, String body) {
        if (read(call, body) instanceof JsonObject o) {
            return o;
        }
        throw shape(call, "a JSON object");
    }

    static JsonArray array(String call, String body) {
        if (read(call, body) instanceof JsonArray a) {
            return a;
        }
        throw shape(call, "a JSON array");
    }

    static JsonStructure read(String call, String body) {
        try (JsonReader reader = CachedJson.createReader(new StringReader(body))) {
            return reader.read();
        } catch (RuntimeException e) {
            throw shape(call, "JSON");
        }
    }

    static String string(String call, JsonObject o, String field) {
        if (o.get(field) instanceof JsonString s) {
            return s.getString();
        }
        throw shape(call, "a string field '" + field + "'");
    }

    static String optionalString(JsonObject o, String field, String otherwise) {
        return o.get(field) instanceof JsonString s ? s.getString() : otherwise;
    }

    static long number(String call, JsonObject o, String field) {
        if (o.get(field) instanceof JsonNumber n && n.isIntegral()) {
            return n.longValueExact();
        }
        throw shape(call, "a whole-number field '" + field + "'");
    }

    static JsonObject child(String call, JsonObject o, String field) {
        if (o.get(field) instanceof JsonObject c) {
            return c;
        }
        throw shape(call, "an object field '" + field + "'");
    }

    /** A map of string values ({@code permissions}), ignoring entries that are not strings. */
    static Map<String, String> stringMap(JsonObject o, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o.get(field) instanceof JsonObject m) {
            m.forEach((k, v) -> {
                if (v instanceof JsonString s) {
                    out.put(k, s.getString());
                }
            });
        }
        return out;
    }

    static List<String> strings(JsonObject o, String field) {
        List<String> out = new ArrayList<>();
        if (o.get(field) instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }

    static GitHubUnexpectedResponseException shape(String call, String expected) {
        return new GitHubUnexpectedResponseException("GitHub's answer to " + call + " is not " + expected
                + " as documented", 200, "");
    }
}
