package dev.tokenbroker.vault.acl.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.tokenbroker.vault.acl.entity.AclPolicyException;

/**
 * Parses ACL policies written in the subset of Vault's HCL (version 1) that vault-api.md §6.1 allows, including the
 * JSON form that Spring Vault writes. A small strict recursive-descent parser is used instead of an HCL library because
 * the accepted language is tiny and every construct outside it must be refused: a lenient parser that silently ignored
 * an unknown key (say {@code max_wrapping_ttl}) could grant more than the policy's author intended.
 *
 * <p>Parsing runs in two stages: the text becomes a small syntax tree (HCL or JSON syntax, chosen by whether the first
 * token is <code>{</code>, as HCL does), and the tree is then read as a policy. Every failure is an
 * {@link AclPolicyException} whose message starts with {@code failed to parse policy: }.
 */
public final class AclPolicyParser {

    /** The broker's {@code default} policy, created on first start (vault-api.md §6.6). */
    public static final String DEFAULT_POLICY = """
            path "auth/token/lookup-self" { capabilities = ["read"] }
            path "auth/token/renew-self"  { capabilities = ["update"] }
            path "auth/token/revoke-self" { capabilities = ["update"] }
            path "sys/capabilities-self"  { capabilities = ["update"] }
            path "sys/leases/renew"       { capabilities = ["update"] }
            path "sys/leases/lookup"      { capabilities = ["update"] }
            """;

    /** The capabilities a policy may name; newer Vault additions such as {@code subscribe} are refused. */
    public static final Set<String> CAPABILITIES =
            Set.of("create", "read", "update", "patch", "delete", "list", "sudo", "deny");

    /** Keys Vault accepts that the broker refuses, because ignoring them would widen access (§6.1, §10 #27). */
    private static final Set<String> UNSUPPORTED_KEYS =
            Set.of("min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods", "control_group");

    /** The accepted language nests four levels deep; anything much deeper is refused before it can exhaust the stack. */
    private static final int MAX_DEPTH = 16;
    /** Far longer than any Vault path; a pattern is matched against every request, so it is bounded. */
    static final int MAX_PATTERN = 1024;

    private AclPolicyParser() {
    }

    /**
     * Parses a policy text.
     *
     * @throws AclPolicyException if the text is outside the accepted subset or names an invalid capability, legacy
     *         policy, key or wildcard
     */
    public static AclPolicy parse(String text) {
        Syntax syntax = new Syntax(new Lexer(text).tokens());
        boolean json = syntax.peek().kind() == Kind.LBRACE;
        ObjNode root = json ? syntax.jsonObject() : syntax.hclBody(false);
        syntax.expect(Kind.EOF, "end of input");
        return new AclPolicy(rules(root, json));
    }

    // ---------------------------------------------------------------- the parsed values

    /**
     * One parsed policy: the path rules in the order they were written. Policies are stored as text; a parsed policy
     * is immutable so that it can be cached per stored version and shared between threads.
     *
     * @param rules the path blocks in written order; one pattern may occur more than once and is then merged like a
     *        pattern held by several policies (§6.2)
     */
    public record AclPolicy(List<PathRule> rules) {

        public AclPolicy {
            rules = List.copyOf(rules);
        }
    }

    /**
     * One {@code path "<pattern>" { … }} block.
     *
     * @param pattern the pattern as matched: leading {@code /} stripped, a trailing {@code *} and {@code +} segments
     *        kept
     * @param capabilities a subset of {@code create read update patch delete list sudo}, or exactly {@code deny}
     * @param allowedParameters lowercased parameter name to allowed values (empty list = any value); integers and
     *        bools as decimal text and {@code true}/{@code false}
     * @param deniedParameters lowercased parameter name to denied values (empty list = any value)
     * @param requiredParameters lowercased names that must be present
     */
    public record PathRule(String pattern, Set<String> capabilities, Map<String, List<String>> allowedParameters,
            Map<String, List<String>> deniedParameters, List<String> requiredParameters) {

        public PathRule {
            capabilities = Collections.unmodifiableSet(new TreeSet<>(capabilities));
            allowedParameters = copy(allowedParameters);
            deniedParameters = copy(deniedParameters);
            requiredParameters = List.copyOf(requiredParameters);
        }

        /** A rule that only grants capabilities. */
        public static PathRule of(String pattern, Set<String> capabilities) {
            return new PathRule(pattern, capabilities, Map.of(), Map.of(), List.of());
        }

        /** Whether the block says {@code deny}, which overrides everything else for this pattern. */
        public boolean isDeny() {
            return capabilities.contains("deny");
        }

        private static Map<String, List<String>> copy(Map<String, List<String>> parameters) {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            return Collections.unmodifiableMap(copy);
        }
    }

    // ---------------------------------------------------------------- reading the tree as a policy

    private static List<PathRule> rules(ObjNode root, boolean json) {
        List<PathRule> rules = new ArrayList<>();
        for (Item item : root.items()) {
            Token first = item.keys().get(0);
            switch (first.text()) {
                case "name" -> {
                    if (item.keys().size() != 1 || !item.assigned() || !(item.value() instanceof Str)) {
                        throw at(first, "name must be a string: name = \"<name>\"");
                    }
                }
                case "path" -> {
                    if (item.keys().size() == 2 && item.keys().get(1).kind() == Kind.STRING) {
                        rules.add(block(item.keys().get(1).text(), item.value()));
                    } else if (json && item.keys().size() == 1 && item.value() instanceof ObjNode paths) {
                        for (Item path : paths.items()) {
                            rules.add(block(path.keys().get(0).text(), path.value()));
                        }
                    } else {
                        throw at(first, "expected path \"<pattern>\" { ... }");
                    }
                }
                default -> throw new AclPolicyException(
                        "invalid key " + quote(first.text()) + " on line " + first.line());
            }
        }
        return rules;
    }

    private static PathRule block(String written, Node value) {
        if (written.length() > MAX_PATTERN) {
            throw new AclPolicyException("a path pattern is longer than " + MAX_PATTERN + " characters");
        }
        String where = "path " + quote(written) + ": ";
        String pattern = written.startsWith("/") ? written.substring(1) : written;
        if (pattern.contains("+*")) {
            throw new AclPolicyException(where + "invalid use of wildcards ('+*' is forbidden)");
        }
        if (!(value instanceof ObjNode body)) {
            throw at(value, where, "expected a block { ... }");
        }
        Set<String> capabilities = new TreeSet<>();
        Map<String, List<String>> allowed = Map.of();
        Map<String, List<String>> denied = Map.of();
        List<String> required = List.of();
        Set<String> seen = new HashSet<>();
        for (Item item : body.items()) {
            Token key = item.keys().get(0);
            if (item.keys().size() != 1 || !item.assigned()) {
                throw at(key, where, "expected " + key.text() + " = <value>");
            }
            if (UNSUPPORTED_KEYS.contains(key.text())) {
                throw new AclPolicyException(where + key.text() + " is not supported by this server");
            }
            if (!seen.add(key.text())) {
                throw new AclPolicyException(where + "duplicate key " + quote(key.text()) + " on line " + key.line());
            }
            switch (key.text()) {
                case "capabilities" -> {
                    for (String capability : strings(item.value(), where, key.text())) {
                        if (!CAPABILITIES.contains(capability)) {
                            throw new AclPolicyException(where + "invalid capability " + quote(capability));
                        }
                        capabilities.add(capability);
                    }
                }
                case "policy" -> capabilities.addAll(legacyPolicy(string(item.value(), where, key.text()), where));
                case "allowed_parameters" -> allowed = parameters(item.value(), where, key.text());
                case "denied_parameters" -> denied = parameters(item.value(), where, key.text());
                case "required_parameters" -> required = strings(item.value(), where, key.text()).stream()
                        .map(name -> name.toLowerCase(Locale.ROOT)).distinct().toList();
                case "comment" -> string(item.value(), where, key.text());
                default -> throw new AclPolicyException(
                        where + "invalid key " + quote(key.text()) + " on line " + key.line());
            }
        }
        if (capabilities.contains("deny")) {
            capabilities = Set.of("deny");
        }
        return new PathRule(pattern, capabilities, allowed, denied, required);
    }

    /** Vault's pre-0.5 {@code policy = "…"} shorthand. */
    private static List<String> legacyPolicy(String policy, String where) {
        return switch (policy) {
            case "deny" -> List.of("deny");
            case "read" -> List.of("read", "list");
            case "write" -> List.of("create", "read", "update", "delete", "list");
            case "sudo" -> List.of("create", "read", "update", "delete", "list", "sudo");
            default -> throw new AclPolicyException(where + "invalid policy " + quote(policy));
        };
    }

    /** {@code { "name" = [values…] }}: names lowercased, values as text (numbers in decimal, bools as words). */
    private static Map<String, List<String>> parameters(Node value, String where, String key) {
        if (!(value instanceof ObjNode object)) {
            throw at(value, where, key + " must be an object of lists");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Item item : object.items()) {
            Token name = item.keys().get(0);
            if (item.keys().size() != 1 || !item.assigned()) {
                throw at(name, where, "expected " + quote(name.text()) + " = [ ... ] in " + key);
            }
            if (!(item.value() instanceof ListNode list)) {
                throw at(item.value(), where, key + " " + quote(name.text()) + " must be a list");
            }
            List<String> values = new ArrayList<>();
            for (Node element : list.items()) {
                values.add(scalarText(element, where, key));
            }
            String lower = name.text().toLowerCase(Locale.ROOT);
            if (parameters.put(lower, List.copyOf(values)) != null) {
                throw new AclPolicyException(where + "duplicate parameter " + quote(lower) + " in " + key);
            }
        }
        return parameters;
    }

    private static String scalarText(Node node, String where, String key) {
        if (node instanceof Str s) {
            return s.value();
        }
        if (node instanceof Num n) {
            return n.text().equals("-0") ? "0" : n.text();
        }
        if (node instanceof Bool b) {
            return String.valueOf(b.value());
        }
        throw at(node, where, key + " values must be strings, integers or booleans");
    }

    private static List<String> strings(Node value, String where, String key) {
        if (!(value instanceof ListNode list)) {
            throw at(value, where, key + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Node element : list.items()) {
            out.add(string(element, where, key));
        }
        return out;
    }

    private static String string(Node value, String where, String key) {
        if (!(value instanceof Str s)) {
            throw at(value, where, key + " must be a string");
        }
        return s.value();
    }

    // ---------------------------------------------------------------- syntax tree

    private sealed interface Node permits Str, Num, Bool, ListNode, ObjNode {
        Token start();
    }

    private record Str(String value, Token start) implements Node {
    }

    /** An integer literal, kept as written (the lexer admits no leading zeros, so the text is already decimal). */
    private record Num(String text, Token start) implements Node {
    }

    private record Bool(boolean value, Token start) implements Node {
    }

    private record ListNode(List<Node> items, Token start) implements Node {
    }

    private record ObjNode(List<Item> items, Token start) implements Node {
    }

    /** {@code key key … = value} or {@code key key … { … }}; JSON members have one key and are always assigned. */
    private record Item(List<Token> keys, boolean assigned, Node value) {
    }

    /** Recursive descent over the token list for both syntaxes. */
    private static final class Syntax {

        private final List<Token> tokens;
        private int pos;
        private int depth;

        Syntax(List<Token> tokens) {
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(pos);
        }

        Token next() {
            Token t = tokens.get(pos);
            if (t.kind() != Kind.EOF) {
                pos++;
            }
            return t;
        }

        Token expect(Kind kind, String what) {
            Token t = peek();
            if (t.kind() != kind) {
                throw at(t, "expected " + what + " but found " + t.describe());
            }
            return next();
        }

        /** HCL items up to the end of input (top level) or up to the closing brace (nested). */
        ObjNode hclBody(boolean nested) {
            Token start = peek();
            List<Item> items = new ArrayList<>();
            while (peek().kind() != (nested ? Kind.RBRACE : Kind.EOF)) {
                items.add(hclItem());
                if (peek().kind() == Kind.COMMA) {
                    next();
                }
            }
            return new ObjNode(List.copyOf(items), start);
        }

        private Item hclItem() {
            List<Token> keys = new ArrayList<>();
            while (peek().kind() == Kind.STRING || peek().kind() == Kind.IDENT && !isBool(peek())) {
                keys.add(next());
            }
            if (keys.isEmpty()) {
                throw at(peek(), "expected a key but found " + peek().describe());
            }
            if (peek().kind() == Kind.EQUALS) {
                next();
                return new Item(List.copyOf(keys), true, hclValue());
            }
            if (peek().kind() == Kind.LBRACE) {
                return new Item(List.copyOf(keys), false, hclObject());
            }
            throw at(peek(), "expected '=' or '{' after " + keys.get(keys.size() - 1).describe() + " but found "
                    + peek().describe());
        }

        private Node hclValue() {
            return switch (peek().kind()) {
                case LBRACK -> list(this::hclValue);
                case LBRACE -> hclObject();
                default -> scalar();
            };
        }

        private ObjNode hclObject() {
            Token open = expect(Kind.LBRACE, "'{'");
            enter(open);
            ObjNode body = hclBody(true);
            expect(Kind.RBRACE, "'}'");
            depth--;
            return new ObjNode(body.items(), open);
        }

        ObjNode jsonObject() {
            Token open = expect(Kind.LBRACE, "'{'");
            enter(open);
            List<Item> items = new ArrayList<>();
            while (peek().kind() != Kind.RBRACE) {
                Token key = expect(Kind.STRING, "a quoted key");
                expect(Kind.COLON, "':'");
                items.add(new Item(List.of(key), true, jsonValue()));
                if (peek().kind() != Kind.COMMA) {
                    break;
                }
                next();
                if (peek().kind() == Kind.RBRACE) {
                    throw at(peek(), "expected a quoted key but found '}'");
                }
            }
            expect(Kind.RBRACE, "',' or '}'");
            depth--;
            return new ObjNode(List.copyOf(items), open);
        }

        private Node jsonValue() {
            return switch (peek().kind()) {
                case LBRACK -> list(this::jsonValue);
                case LBRACE -> jsonObject();
                default -> scalar();
            };
        }

        /** {@code [a, b]}, with an optional trailing comma. */
        private ListNode list(java.util.function.Supplier<Node> element) {
            Token open = expect(Kind.LBRACK, "'['");
            enter(open);
            List<Node> items = new ArrayList<>();
            while (peek().kind() != Kind.RBRACK) {
                items.add(element.get());
                if (peek().kind() != Kind.COMMA) {
                    break;
                }
                next();
            }
            expect(Kind.RBRACK, "',' or ']'");
            depth--;
            return new ListNode(List.copyOf(items), open);
        }

        private Node scalar() {
            Token t = peek();
            if (t.kind() == Kind.STRING) {
                return new Str(next().text(), t);
            }
            if (t.kind() == Kind.NUMBER) {
                return new Num(next().text(), t);
            }
            if (isBool(t)) {
                return new Bool(next().text().equals("true"), t);
            }
            throw at(t, "expected a string, integer, true, false, list or object but found " + t.describe());
        }

        private void enter(Token open) {
            if (++depth > MAX_DEPTH) {
                throw at(open, "nesting too deep");
            }
        }

        private static boolean isBool(Token t) {
            return t.kind() == Kind.IDENT && (t.text().equals("true") || t.text().equals("false"));
        }
    }

    // ---------------------------------------------------------------- tokens

    private enum Kind {
        LBRACE, RBRACE, LBRACK, RBRACK, EQUALS, COLON, COMMA, STRING, NUMBER, IDENT, EOF
    }

    /** A token; for strings {@code text} is the decoded value. Lines and columns count from 1. */
    private record Token(Kind kind, String text, int line, int column) {

        String describe() {
            return switch (kind) {
                case EOF -> "end of input";
                case STRING -> "string " + quote(text);
                default -> "'" + text + "'";
            };
        }
    }

    /** Splits the text into tokens, dropping whitespace and {@code #}, {@code //} and block comments. */
    private static final class Lexer {

        private final String s;
        private int i;
        private int line = 1;
        private int lineStart;

        Lexer(String text) {
            this.s = text;
            this.i = text.startsWith("\uFEFF") ? 1 : 0;
            this.lineStart = i;
        }

        List<Token> tokens() {
            List<Token> out = new ArrayList<>();
            while (true) {
                skipSpaceAndComments();
                int startLine = line;
                int startColumn = column();
                if (i >= s.length()) {
                    out.add(new Token(Kind.EOF, "", startLine, startColumn));
                    return out;
                }
                char c = s.charAt(i);
                Kind single = switch (c) {
                    case '{' -> Kind.LBRACE;
                    case '}' -> Kind.RBRACE;
                    case '[' -> Kind.LBRACK;
                    case ']' -> Kind.RBRACK;
                    case '=' -> Kind.EQUALS;
                    case ':' -> Kind.COLON;
                    case ',' -> Kind.COMMA;
                    default -> null;
                };
                if (single != null) {
                    i++;
                    out.add(new Token(single, String.valueOf(c), startLine, startColumn));
                } else if (c == '"') {
                    out.add(new Token(Kind.STRING, string(), startLine, startColumn));
                } else if (c == '-' || isDigit(c)) {
                    out.add(new Token(Kind.NUMBER, number(), startLine, startColumn));
                } else if (isIdentStart(c)) {
                    int start = i;
                    while (i < s.length() && isIdentPart(s.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Kind.IDENT, s.substring(start, i), startLine, startColumn));
                } else {
                    throw error(startLine, startColumn, "unexpected character " + describe(c));
                }
            }
        }

        private void skipSpaceAndComments() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    newline(i + 1);
                    i++;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    i++;
                } else if (c == '#' || s.startsWith("//", i)) {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (s.startsWith("/*", i)) {
                    int startLine = line;
                    int startColumn = column();
                    int end = s.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw error(startLine, startColumn, "unterminated comment");
                    }
                    for (int j = i; j < end; j++) {
                        if (s.charAt(j) == '\n') {
                            newline(j + 1);
                        }
                    }
                    i = end + 2;
                } else {
                    return;
                }
            }
        }

        /** A double-quoted string with JSON escapes; it may not span lines. */
        private String string() {
            int startLine = line;
            int startColumn = column();
            i++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length() || s.charAt(i) == '\n') {
                    throw error(startLine, startColumn, "unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw error(line, column() - 1, "control character " + describe(c) + " in string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error(startLine, startColumn, "unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> b.append(unicodeEscape());
                    default -> throw error(line, column() - 2, "invalid escape \\ followed by " + describe(e));
                }
            }
        }

        private char unicodeEscape() {
            if (i + 4 > s.length()) {
                throw error(line, column() - 2, "invalid \\u escape");
            }
            int value = 0;
            for (int k = 0; k < 4; k++) {
                int digit = Character.digit(s.charAt(i + k), 16);
                if (digit < 0) {
                    throw error(line, column() - 2, "invalid \\u escape");
                }
                value = value * 16 + digit;
            }
            i += 4;
            return (char) value;
        }

        /** {@code -?(0|[1-9][0-9]*)}; fractions, exponents, hex and octal are outside the subset. */
        private String number() {
            int startLine = line;
            int startColumn = column();
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            int digits = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digits) {
                throw error(startLine, startColumn, "unexpected character '-'");
            }
            if (i < s.length() && (s.charAt(i) == '.' || isIdentPart(s.charAt(i)))) {
                throw error(startLine, startColumn, "only integers are supported");
            }
            if (i - digits > 1 && s.charAt(digits) == '0') {
                throw error(startLine, startColumn, "integers with leading zeros are not supported");
            }
            return s.substring(start, i);
        }

        private void newline(int nextLineStart) {
            line++;
            lineStart = nextLineStart;
        }

        private int column() {
            return i - lineStart + 1;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isIdentStart(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
        }

        private static boolean isIdentPart(char c) {
            return isIdentStart(c) || isDigit(c) || c == '-' || c == '.';
        }

        private static String describe(char c) {
            return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }
    }

    // ---------------------------------------------------------------- errors

    private static AclPolicyException error(int line, int column, String message) {
        return new AclPolicyException("line " + line + ", column " + column + ": " + message);
    }

    private static AclPolicyException at(Token token, String message) {
        return error(token.line(), token.column(), message);
    }

    private static AclPolicyException at(Node node, String where, String message) {
        return at(node.start(), where, message);
    }

    private static AclPolicyException at(Token token, String where, String message) {
        return new AclPolicyException(
                where + "line " + token.line() + ", column " + token.column() + ": " + message);
    }

    /** Go's {@code %q} for the texts that can occur here: quotes, backslashes and control characters escaped. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
