package dev.tokenbroker.platform.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The broker's OpenAPI description ({@value #RESOURCE}), read once: the YAML as the WAR carries it, and the same
 * document as compact JSON. The file is the WAR's own, not input, so plain SnakeYAML reads it (safe constructor,
 * duplicate keys refused), with YAML 1.2's core schema, which OpenAPI tools assume: {@code yes}, {@code on} and dates
 * stay strings. A value JSON cannot carry as written (a fraction, a huge number) is an error, not a guess.
 */
public final class OpenApiDocument {

    public static final String RESOURCE = "/dev/tokenbroker/openapi.yaml";
    /** The document writes every PUT as an alias of its POST. */
    private static final int MAX_ALIASES = 500;

    private final byte[] yaml;
    private final byte[] json;

    private OpenApiDocument(byte[] yaml, byte[] json) {
        this.yaml = yaml;
        this.json = json;
    }

    /** @throws IllegalStateException when the resource is missing or is not a document JSON can carry */
    public static OpenApiDocument load() {
        byte[] yaml;
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the WAR");
            }
            yaml = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        DumperOptions unused = new DumperOptions();
        Yaml parser = new Yaml(new SafeConstructor(options), new Representer(unused), unused, options, new CoreSchema());
        Object tree;
        try {
            tree = parser.load(new String(yaml, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalStateException(RESOURCE + " is not valid YAML: " + e.getMessage(), e);
        }
        return new OpenApiDocument(yaml, json(tree, "").toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The document as written (with {@code info.version} filled in by the build). */
    public byte[] yaml() {
        return yaml.clone();
    }

    /** The same document as JSON, UTF-8. */
    public byte[] json() {
        return json.clone();
    }

    private static JsonValue json(Object value, String at) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof String s) {
            return CachedJson.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long) {
            return CachedJson.createValue(((Number) value).longValue());
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder o = CachedJson.createObjectBuilder();
            map.forEach((k, v) -> {
                if (!(k instanceof String || k instanceof Integer)) {
                    throw new IllegalStateException(RESOURCE + ": the key " + k + " at " + at + " is no string");
                }
                o.add(k.toString(), json(v, at + "/" + k));
            });
            return o.build();
        }
        if (value instanceof List<?> list) {
            JsonArrayBuilder a = CachedJson.createArrayBuilder();
            for (int i = 0; i < list.size(); i++) {
                a.add(json(list.get(i), at + "/" + i));
            }
            return a.build();
        }
        throw new IllegalStateException(RESOURCE + ": " + value.getClass().getSimpleName() + " at " + at
                + " cannot be written as JSON exactly; quote it or write a whole number");
    }

    /** YAML 1.2's core schema: nulls, booleans and numbers are the only implicit types. */
    private static final class CoreSchema extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, Pattern.compile("null|Null|NULL|~|"), null); // null: also the empty scalar
            addImplicitResolver(Tag.BOOL, Pattern.compile("true|True|TRUE|false|False|FALSE"), "tTfF");
            addImplicitResolver(Tag.INT, Pattern.compile("[-+]?[0-9]+"), "-+0123456789");
            addImplicitResolver(Tag.FLOAT, Pattern.compile(
                    "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"),
                    "-+0123456789.");
        }
    }
}
