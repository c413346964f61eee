package dev.tokenbroker.platform.control;

import java.io.StringReader;
import java.util.Optional;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

/**
 * Reads an untrusted JSON text into a value, or says why it cannot: the one entry point for request bodies of both
 * APIs. The nesting depth is checked on the raw text before any parser sees it, because parsers fail on deep nesting
 * in their own ways (Parsson throws a bare {@code RuntimeException} past 1,000 levels, recursive readers overflow the
 * stack); every failure of the parser, whatever its type, becomes a {@link Invalid}. Anything but white space after
 * the value is refused too.
 */
public final class JsonText {

    /** Far above anything a client of either API sends (three or four levels), far below what a parser chokes on. */
    public static final int MAX_DEPTH = 64;

    /** Why a text is not acceptable JSON; {@code line} and {@code column} are 0 when unknown. */
    public static final class Invalid extends Exception {
        private final long line;
        private final long column;

        Invalid(String message, long line, long column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }

        public Optional<String> where() {
            return line > 0 ? Optional.of("line " + line + ", column " + column) : Optional.empty();
        }
    }

    private JsonText() {
    }

    public static JsonValue read(String text) throws Invalid {
        checkDepth(text);
        try (JsonParser parser = CachedJson.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new Invalid("invalid JSON", 0, 0);
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new Invalid("content after the JSON value", 0, 0);
            }
            return value;
        } catch (JsonParsingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            long column = e.getLocation() == null ? 0 : e.getLocation().getColumnNumber();
            throw new Invalid("invalid JSON", line, column);
        } catch (JsonException | IllegalStateException e) {
            throw new Invalid("invalid JSON", 0, 0);
        } catch (RuntimeException | StackOverflowError e) {
            // a parser's own limit or bug; the text is refused either way
            throw new Invalid("invalid JSON", 0, 0);
        }
    }

    /** Refuses arrays and objects nested more than {@link #MAX_DEPTH} deep, counting outside strings only. */
    static void checkDepth(String text) throws Invalid {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new Invalid("JSON nested deeper than " + MAX_DEPTH + " levels", 0, 0);
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }
}
