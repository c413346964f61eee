package dev.tokenbroker.policy.control;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import dev.tokenbroker.policy.entity.InvalidPolicyException;

/**
 * The hardened YAML loader every access-policy file goes through (spec §5.5, §5.6). Policy files are written by
 * repository owners, so the input is untrusted; each measure below exists for a reason:
 * <ul>
 * <li><b>No constructor at all.</b> SnakeYAML only composes a node graph; our own walker turns it into plain
 * {@code Map}/{@code List}/{@code String}/{@code Long}/{@code BigInteger}/{@code Double}/{@code Boolean}/{@code null}.
 * Only the tags {@code !!str !!int !!float !!bool !!null !!map !!seq} are accepted, so {@code !!java...} gadget
 * tags, {@code !!binary}, {@code !!timestamp}, {@code !!set}, {@code !!merge} and local tags such as {@code !foo}
 * are fatal and nothing is ever instantiated from a tag.</li>
 * <li><b>YAML 1.2 core schema.</b> The peer reads YAML 1.2; SnakeYAML's default resolver is YAML 1.1, which would turn
 * {@code contents: on} into {@code true} and a pattern {@code off} into {@code false}. {@link CoreResolver} registers
 * only the core-schema rules, so everything else, including {@code yes}, {@code 1_000} and {@code 2001-12-14}, stays
 * a string. There is no merge resolver and no merge step: {@code <<} is an ordinary key.</li>
 * <li><b>Size and shape limits</b> against denial of service: at most {@value #MAX_CHARS} characters (checked before
 * any parsing), at most {@value #MAX_ALIASES} alias references, at most {@value #MAX_NODES} nodes counted while
 * walking, with every alias expanded (SnakeYAML shares aliased nodes, so an alias bomb is small as a graph but huge as
 * a tree), and collections nested at most {@value #MAX_DEPTH} deep (also bounds recursion in composer and walker).</li>
 * <li><b>Strict structure.</b> Exactly one document; duplicate keys and non-string keys are fatal, because a policy
 * whose meaning depends on which duplicate wins, or on how a key is stringified, must not be guessed at.</li>
 * <li><b>One failure type.</b> Whatever SnakeYAML throws (including {@link StackOverflowError}) becomes an
 * {@link InvalidPolicyException} whose details name the problem and its line and column, quoting at most 60
 * characters of the file on a single line (details end up in 403 messages and logs).</li>
 * </ul>
 */
public final class PolicyYaml {

    /** Maximum length of the text, in UTF-16 chars ({@link String#length()}). */
    public static final int MAX_CHARS = 102_400;
    /** Maximum number of alias events ({@code *name}) in the file, scalar or collection. */
    public static final int MAX_ALIASES = 100;
    /** Maximum number of nodes (every map, list and scalar, keys included) visited with aliases expanded. */
    public static final int MAX_NODES = 5_000;
    /** Maximum nesting of collections; the top-level map or list is at depth 1. */
    public static final int MAX_DEPTH = 50;
    /** Longest number we parse; SnakeYAML resolves longer plain scalars as strings anyway (no quadratic parsing). */
    private static final int MAX_NUMBER = 1024;
    private static final int MAX_QUOTE = 60;
    private static final int MAX_PROBLEM = 100;

    private static final Pattern CORE_NULL = Pattern.compile("null|Null|NULL|~|");
    private static final Pattern CORE_BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern CORE_INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    private static final Pattern CORE_FLOAT = Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?(\\.inf|\\.Inf|\\.INF)|\\.nan|\\.NaN|\\.NAN");

    private PolicyYaml() {
    }

    /**
     * Parses one policy file into a plain tree.
     *
     * @throws InvalidPolicyException if the text is not exactly one YAML document within the limits above
     */
    public static Object load(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidPolicyException("The file is empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new InvalidPolicyException("File larger than " + MAX_CHARS + " characters");
        }
        try {
            return new Walker().convert(compose(text), 0);
        } catch (InvalidPolicyException e) {
            throw e;
        } catch (MarkedYAMLException e) {
            throw new InvalidPolicyException(describe(e));
        } catch (ReaderException e) {
            throw new InvalidPolicyException(String.format("Character U+%04X is not allowed%s", e.getCodePoint(),
                    at(text, e.getPosition())));
        } catch (YAMLException e) {
            throw new InvalidPolicyException(describe(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new InvalidPolicyException("Nesting deeper than " + MAX_DEPTH);
        } catch (RuntimeException e) {
            throw new InvalidPolicyException("The YAML could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Where the node at {@code path} starts, as 1-based line and column: map keys and list indexes from the top
     * ({@code statements[0].permissions.contents}); with {@code key}, where the last key is written rather than its
     * value. Empty when the text does not parse or has no such node.
     */
    static Optional<int[]> position(String text, String path, boolean key) {
        try {
            Node node = compose(text);
            String[] steps = path.replace("[", ".[").split("\\.");
            for (int i = 0; i < steps.length; i++) {
                if (steps[i].isEmpty()) {
                    continue;
                }
                node = child(node, steps[i], key && i == steps.length - 1);
                if (node == null) {
                    return Optional.empty();
                }
            }
            Mark mark = node.getStartMark();
            return Optional.of(new int[] {mark.getLine() + 1, mark.getColumn() + 1});
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Node child(Node node, String step, boolean key) {
        if (step.startsWith("[") && node instanceof SequenceNode sequence) {
            int index = Integer.parseInt(step.substring(1, step.length() - 1));
            return index < sequence.getValue().size() ? sequence.getValue().get(index) : null;
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(step)) {
                    return key ? name : tuple.getValueNode();
                }
            }
        }
        return null;
    }

    private static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false); // only a constructor would check; Walker.mapping does it for us
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS);
        options.setMergeOnCompose(false);
        options.setTagInspector(tag -> false); // the default already refuses global tags; say so explicitly
        Parser parser = new AliasCountingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        Composer composer = new Composer(parser, new CoreResolver(), options);
        if (!composer.checkNode()) {
            throw new InvalidPolicyException("The file is empty");
        }
        Node root = composer.getNode();
        if (composer.checkNode()) {
            throw new InvalidPolicyException("More than one YAML document" + at(parser.peekEvent().getStartMark()));
        }
        return root;
    }

    /** Turns the node graph into the plain tree, expanding aliases and enforcing tags, keys and limits. */
    private static final class Walker {
        private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
        private int nodes;

        Object convert(Node node, int depth) {
            if (++nodes > MAX_NODES) {
                throw new InvalidPolicyException("Too many nodes after alias expansion (limit " + MAX_NODES + ")");
            }
            if (node instanceof ScalarNode) {
                return scalar((ScalarNode) node);
            }
            if (depth + 1 > MAX_DEPTH) {
                throw new InvalidPolicyException("Nesting deeper than " + MAX_DEPTH + at(node.getStartMark()));
            }
            if (!open.add(node)) {
                throw new InvalidPolicyException("An alias refers to a collection that contains it"
                        + at(node.getStartMark()));
            }
            try {
                if (node instanceof SequenceNode && node.getTag().equals(Tag.SEQ)) {
                    List<Object> list = new ArrayList<>();
                    for (Node item : ((SequenceNode) node).getValue()) {
                        list.add(convert(item, depth + 1));
                    }
                    return list;
                }
                if (node instanceof MappingNode && node.getTag().equals(Tag.MAP)) {
                    return mapping((MappingNode) node, depth + 1);
                }
                String kind = node instanceof SequenceNode ? "a list" : "a map";
                throw new InvalidPolicyException(unsupported(node.getTag().getValue()) + " on " + kind + at(node.getStartMark()));
            } finally {
                open.remove(node);
            }
        }

        private Map<String, Object> mapping(MappingNode node, int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : node.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Object key = convert(keyNode, depth);
                if (!(key instanceof String)) {
                    throw new InvalidPolicyException("Keys must be strings; quote this key if it is meant as text"
                            + at(keyNode.getStartMark()));
                }
                if (map.containsKey(key)) {
                    throw new InvalidPolicyException("Duplicate key '" + quote((String) key) + "'"
                            + at(keyNode.getStartMark()));
                }
                map.put((String) key, convert(tuple.getValueNode(), depth));
            }
            return map;
        }

        private static Object scalar(ScalarNode node) {
            Tag tag = node.getTag();
            String value = node.getValue();
            if (tag.equals(Tag.STR)) {
                return value;
            }
            if (tag.equals(Tag.NULL) && CORE_NULL.matcher(value).matches()) {
                return null;
            }
            if (tag.equals(Tag.BOOL) && CORE_BOOL.matcher(value).matches()) {
                return Boolean.valueOf(value.equalsIgnoreCase("true"));
            }
            if (tag.equals(Tag.INT) && value.length() <= MAX_NUMBER && CORE_INT.matcher(value).matches()) {
                BigInteger number = value.startsWith("0o") ? new BigInteger(value.substring(2), 8)
                        : value.startsWith("0x") ? new BigInteger(value.substring(2), 16) : new BigInteger(value);
                return number.bitLength() < Long.SIZE ? (Object) number.longValue() : number;
            }
            if (tag.equals(Tag.FLOAT) && value.length() <= MAX_NUMBER && CORE_FLOAT.matcher(value).matches()) {
                String lower = value.toLowerCase(Locale.ROOT);
                return lower.endsWith(".nan") ? Double.NaN
                        : lower.equals("-.inf") ? Double.NEGATIVE_INFINITY
                        : lower.endsWith(".inf") ? Double.POSITIVE_INFINITY : Double.valueOf(value);
            }
            if (tag.equals(Tag.NULL) || tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                throw new InvalidPolicyException("'" + quote(value) + "' is not a valid " + display(tag.getValue())
                        + at(node.getStartMark()));
            }
            throw new InvalidPolicyException(unsupported(tag.getValue()) + at(node.getStartMark()));
        }
    }

    /** YAML 1.2 core schema; note the absence of merge, timestamp, sexagesimal and yes/no/on/off rules. */
    private static final class CoreResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, CORE_NULL, null); // first character null: the empty scalar has none
            addImplicitResolver(Tag.BOOL, CORE_BOOL, "tTfF");
            addImplicitResolver(Tag.INT, CORE_INT, "-+0123456789"); // before FLOAT, whose pattern also matches "12"
            addImplicitResolver(Tag.FLOAT, CORE_FLOAT, "-+0123456789.");
        }
    }

    /** Counts every alias reference; SnakeYAML's own limit only counts aliases to collections. */
    private static final class AliasCountingParser implements Parser {
        private final Parser delegate;
        private int aliases;

        AliasCountingParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event event = delegate.getEvent();
            if (event instanceof AliasEvent && ++aliases > MAX_ALIASES) {
                throw new InvalidPolicyException("Too many alias references (limit " + MAX_ALIASES + ")"
                        + at(event.getStartMark()));
            }
            return event;
        }
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        if (problem != null && problem.startsWith("Global tag is not allowed: ")) {
            return unsupported(problem.substring("Global tag is not allowed: ".length())) + at(mark);
        }
        boolean alias = "while scanning an alias".equals(e.getContext())
                || problem != null && problem.startsWith("found undefined alias");
        return "YAML syntax error: " + clip(String.valueOf(problem), MAX_PROBLEM) + at(mark)
                + (alias ? "; a value that starts with '*' must be quoted" : "");
    }

    private static String describe(String message) {
        String text = String.valueOf(message);
        if (text.startsWith("Number of aliases")) {
            return "Too many alias references (limit " + MAX_ALIASES + ")";
        }
        if (text.startsWith("Nesting Depth")) {
            return "Nesting deeper than " + MAX_DEPTH;
        }
        if (text.contains("code points")) {
            return "File larger than " + MAX_CHARS + " characters";
        }
        if (text.startsWith("Recursive key")) {
            return "A key refers to the map that contains it";
        }
        return "YAML error: " + clip(text, MAX_PROBLEM);
    }

    private static String unsupported(String tag) {
        return "Unsupported tag '" + quote(display(tag)) + "'";
    }

    /** {@code tag:yaml.org,2002:x} as the author wrote it, {@code !!x}. */
    private static String display(String tag) {
        return tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    /** Line and column of a code-point position, which is all a {@link ReaderException} tells. */
    private static String at(String text, int codePoints) {
        int end = text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        int lineStart = text.lastIndexOf('\n', end - 1) + 1;
        long line = text.substring(0, end).chars().filter(c -> c == '\n').count() + 1;
        return " (line " + line + ", column " + (text.codePointCount(lineStart, end) + 1) + ")";
    }

    /** At most {@link #MAX_QUOTE} characters of file content, on one line. */
    private static String quote(String text) {
        return clip(text, MAX_QUOTE);
    }

    private static String clip(String text, int max) {
        int cut = text.length() <= max ? text.length() : text.offsetByCodePoints(0, text.codePointCount(0, max));
        String clipped = cut == text.length() ? text : text.substring(0, cut) + "…";
        StringBuilder out = new StringBuilder(clipped.length());
        clipped.codePoints().forEach(c -> out.append(c == '\n' ? "\\n" : c == '\t' ? "\\t"
                : Character.isISOControl(c) ? "?" : Character.toString(c)));
        return out.toString();
    }
}
