package dev.tokenbroker.platform.control;

import java.io.Reader;
import java.util.Collection;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

/**
 * {@link jakarta.json.Json}'s factory methods on a JSON-P provider looked up once. {@code Json.create…()} looks the
 * provider up again on every call, through {@code ServiceLoader} and the class loaders; on Payara that is a scan of
 * every jar of the server, the largest single cost of a request before this class existed (see docs/performance.md).
 * The provider is thread-safe; use these methods instead of {@code Json}'s everywhere.
 */
public final class CachedJson {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private CachedJson() {
    }

    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder createArrayBuilder(Collection<?> values) {
        return PROVIDER.createArrayBuilder(values);
    }

    public static JsonString createValue(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(long value) {
        return PROVIDER.createValue(value);
    }

    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static JsonParser createParser(Reader reader) {
        return PROVIDER.createParser(reader);
    }
}
