package dev.tokenbroker.policy.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Named.named;

import dev.tokenbroker.policy.entity.InvalidPolicyException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyYamlTest {

    // ---- P1: valid YAML gives the tree; broken YAML is fatal ----

    @Test
    void p1ValidPolicyGivesPlainTreeInFileOrder() {
        String text = """
                origin: octocat/.github-access-token
                allowed-subjects:
                  - repo:octocat/*:**
                statements:
                  - subjects: ["repo:${origin}:ref:refs/heads/main"]
                    permissions:
                      pull_requests: read
                      contents: write
                """;
        Map<String, Object> tree = map(PolicyYaml.load(text));

        assertThat(tree).containsExactly(
                entry("origin", "octocat/.github-access-token"),
                entry("allowed-subjects", List.of("repo:octocat/*:**")),
                entry("statements", List.of(Map.of(
                        "subjects", List.of("repo:${origin}:ref:refs/heads/main"),
                        "permissions", Map.of("pull_requests", "read", "contents", "write")))));
        Map<String, Object> statement = map(((List<?>) tree.get("statements")).get(0));
        assertThat(map(statement.get("permissions")).keySet()).containsExactly("pull_requests", "contents");
    }

    @Test
    void p1BrokenYamlIsFatalWithLineAndColumn() {
        assertThat(details(": invalid: yaml:")).singleElement().asString()
                .startsWith("YAML syntax error: ").endsWith("(line 1, column 1)");
        assertThat(details("key: [a, b")).singleElement().asString().startsWith("YAML syntax error: ");
    }

    // ---- P2: alias bombs ----

    @Test
    void p2FourLevelAliasBombIsFatal() {
        StringBuilder text = new StringBuilder("l0: &l0 lol\n");
        for (int level = 1; level <= 4; level++) {
            text.append("l").append(level).append(": &l").append(level).append(" [")
                    .append(repeat("*l" + (level - 1), 10)).append("]\n");
        }
        assertThat(details(text.toString())).containsExactly("Too many nodes after alias expansion (limit 5000)");
    }

    @Test
    void p2BillionLaughsIsFatal() {
        StringBuilder text = new StringBuilder("a: &a [" + repeat("\"lol\"", 9) + "]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            text.append(c).append(": &").append(c).append(" [").append(repeat("*" + (char) (c - 1), 9)).append("]\n");
        }
        assertThat(details(text.toString())).containsExactly("Too many nodes after alias expansion (limit 5000)");
    }

    @Test
    void p2AliasReferencesAreLimitedTo100EvenForScalars() {
        assertThat(map(PolicyYaml.load("a: &a x\nb: [" + repeat("*a", 100) + "]")).get("b"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(100).containsOnly("x");
        assertThat(details("a: &a x\nb: [" + repeat("*a", 101) + "]")).singleElement().asString()
                .startsWith("Too many alias references (limit 100)");
    }

    @Test
    void p2AliasToAnEnclosingCollectionIsFatal() {
        assertThat(details("&a [*a]")).singleElement().asString().startsWith("An alias refers to a collection");
    }

    // ---- P3: duplicate keys ----

    @Test
    void p3DuplicateTopLevelKeyIsFatalAndNamed() {
        assertThat(details("origin: a/b\norigin: c/d\n")).containsExactly("Duplicate key 'origin' (line 2, column 1)");
    }

    @Test
    void p3DuplicateNestedKeyIsFatalAndNamed() {
        String text = """
                statements:
                  - subjects: [x]
                    permissions:
                      contents: read
                      "contents": write
                """;
        assertThat(details(text)).containsExactly("Duplicate key 'contents' (line 5, column 7)");
    }

    // ---- P4: YAML 1.2 core schema ----

    static Stream<Arguments> coreSchemaScalars() {
        return Stream.of(
                Arguments.of(named("on stays a string", "on"), "on"),
                Arguments.of(named("yes stays a string", "yes"), "yes"),
                Arguments.of(named("no stays a string", "no"), "no"),
                Arguments.of(named("off stays a string", "off"), "off"),
                Arguments.of(named("y stays a string", "y"), "y"),
                Arguments.of(named("True is a bool", "True"), Boolean.TRUE),
                Arguments.of(named("n stays a string", "n"), "n"),
                Arguments.of(named("underscores are not digits", "1_000"), "1_000"),
                Arguments.of(named("no binary ints", "0b1"), "0b1"),
                Arguments.of(named("no sexagesimals", "1:30"), "1:30"),
                Arguments.of(named("no timestamps", "2001-12-14"), "2001-12-14"),
                Arguments.of(named("= is not a value key", "="), "="),
                Arguments.of(named("quoted true is a string", "'true'"), "true"),
                Arguments.of(named("true", "true"), Boolean.TRUE),
                Arguments.of(named("FALSE", "FALSE"), Boolean.FALSE),
                Arguments.of(named("decimal int", "-42"), -42L),
                Arguments.of(named("leading zero is decimal", "012"), 12L),
                Arguments.of(named("hex int", "0x1F"), 31L),
                Arguments.of(named("octal int", "0o17"), 15L),
                Arguments.of(named("huge int", "99999999999999999999"), new BigInteger("99999999999999999999")),
                Arguments.of(named("float", "1.5"), 1.5d),
                Arguments.of(named("exponent float", "1e3"), 1000.0d),
                Arguments.of(named("negative infinity", "-.inf"), Double.NEGATIVE_INFINITY),
                Arguments.of(named("positive infinity", "+.Inf"), Double.POSITIVE_INFINITY),
                Arguments.of(named("explicit !!str", "!!str 12"), "12"),
                Arguments.of(named("explicit !!int", "!!int \"12\""), 12L));
    }

    @ParameterizedTest
    @MethodSource("coreSchemaScalars")
    void p4ScalarsFollowTheCoreSchema(String scalar, Object expected) {
        assertThat(map(PolicyYaml.load("value: " + scalar)).get("value")).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("nulls")
    void p4NullsAreNull(String text) {
        assertThat(map(PolicyYaml.load(text))).containsExactly(entry("value", null));
    }

    static Stream<Arguments> nulls() {
        return Stream.of(Arguments.of(named("null", "value: null")), Arguments.of(named("tilde", "value: ~")),
                Arguments.of(named("empty", "value:")), Arguments.of(named("NULL", "value: NULL")));
    }

    @Test
    void p4PatternsInListsStayLiteral() {
        assertThat(PolicyYaml.load("- off\n- on\n- yes\n- no")).isEqualTo(List.of("off", "on", "yes", "no"));
        assertThat(map(PolicyYaml.load("contents: on")).get("contents")).isEqualTo("on");
        assertThat(map(PolicyYaml.load("on: 1\nyes: 2\nY: 3\nOff: 4"))).containsOnlyKeys("on", "yes", "Y", "Off");
    }

    @Test
    void p4NanIsADouble() {
        assertThat((Double) map(PolicyYaml.load("value: .NaN")).get("value")).isNaN();
    }

    @Test
    void p4ExplicitCoreTagsMustFitTheirValue() {
        assertThat(details("value: !!bool yes")).containsExactly("'yes' is not a valid !!bool (line 1, column 8)");
        assertThat(details("value: !!int 0b1")).singleElement().asString().startsWith("'0b1' is not a valid !!int");
        assertThat(details("value: !!int " + "9".repeat(1025))).singleElement().asString()
                .contains("is not a valid !!int");
        assertThat(map(PolicyYaml.load("value: " + "9".repeat(1025))).get("value")).isEqualTo("9".repeat(1025));
    }

    // ---- P5: everything else that is fatal ----

    static Stream<Arguments> fatalFiles() {
        return Stream.of(
                Arguments.of(named("unquoted pattern starting with *:", "allowed-subjects:\n  - *:refs/heads/main\n"),
                        "YAML syntax error: "),
                Arguments.of(named("unquoted pattern that is an undefined alias", "allowed-subjects:\n  - *refs\n"),
                        "YAML syntax error: found undefined alias refs (line 2, column 5); a value that starts"),
                Arguments.of(named("!!java.util.Date", "!!java.util.Date {}"), "Unsupported tag '!!java.util.Date'"),
                Arguments.of(named("ScriptEngineManager exploit", "!!javax.script.ScriptEngineManager "
                        + "[!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/x.jar\"]]]]"),
                        "Unsupported tag '!!javax.script.ScriptEngineManager'"),
                Arguments.of(named("local tag", "!foo x"), "Unsupported tag '!foo' (line 1, column 1)"),
                Arguments.of(named("nested local tag", "a:\n  b: !foo {}"), "Unsupported tag '!foo' on a map"),
                Arguments.of(named("!!binary", "a: !!binary aGk="), "Unsupported tag '!!binary'"),
                Arguments.of(named("!!timestamp", "a: !!timestamp 2001-12-14"), "Unsupported tag '!!timestamp'"),
                Arguments.of(named("!!set", "a: !!set {x}"), "Unsupported tag '!!set' on a map"),
                Arguments.of(named("!!omap", "a: !!omap [b: 1]"), "Unsupported tag '!!omap' on a list"),
                Arguments.of(named("!!merge", "a: {!!merge x: 1}"), "Unsupported tag '!!merge'"),
                Arguments.of(named("!!str on a list", "a: !!str [x]"), "Unsupported tag '!!str' on a list"),
                Arguments.of(named("empty file", ""), "The file is empty"),
                Arguments.of(named("whitespace only", "  \n\n\t\n"), "The file is empty"),
                Arguments.of(named("comments only", "# just a comment\n\n# another\n"), "The file is empty"),
                Arguments.of(named("second document", "origin: a/b\n---\norigin: c/d\n"),
                        "More than one YAML document (line 2, column 1)"),
                Arguments.of(named("int key", "1: a"), "Keys must be strings"),
                Arguments.of(named("list key", "[a]: b"), "Keys must be strings"),
                Arguments.of(named("map key", "{a: b}: c"), "Keys must be strings"),
                Arguments.of(named("bool key", "true: c"), "Keys must be strings"),
                Arguments.of(named("null key", "~: c"), "Keys must be strings"),
                Arguments.of(named("control character", "a: b\nc: \"\u0001\""),
                        "Character U+0001 is not allowed (line 2, column 5)"),
                Arguments.of(named("nesting depth 60", "[".repeat(60) + "]".repeat(60)), "Nesting deeper than 50"),
                Arguments.of(named("block nesting depth 60", blockNesting(60)), "Nesting deeper than 50"),
                Arguments.of(named("nesting depth 100000", "[".repeat(100_000)), "Nesting deeper than 50"),
                Arguments.of(named("5 MB", "a: " + "x".repeat(5 * 1024 * 1024)),
                        "File larger than 102400 characters"));
    }

    @ParameterizedTest
    @MethodSource("fatalFiles")
    void p5FatalFiles(String text, String detailStart) {
        assertThat(details(text)).singleElement().asString().startsWith(detailStart).doesNotContain("\n");
    }

    @Test
    void p5TaggedObjectsAreNeverConstructed() {
        Canary.INSTANCES.set(0);
        String tag = "!!" + Canary.class.getName();
        assertThat(details(tag + " {}")).singleElement().asString().startsWith("Unsupported tag '!!dev.tokenbroker");
        assertThat(details("a: !<tag:yaml.org,2002:" + Canary.class.getName() + "> []")).hasSize(1);
        assertThat(details("a: !" + Canary.class.getName() + " x")).hasSize(1);
        assertThat(Canary.INSTANCES).hasValue(0);
    }

    @Test
    void p5MergeKeyIsAnOrdinaryKey() {
        Map<String, Object> tree = map(PolicyYaml.load("base: &x {a: 1}\nchild:\n  <<: *x\n  b: 2\n"));
        assertThat(map(tree.get("child"))).containsExactly(entry("<<", Map.of("a", 1L)), entry("b", 2L));
        assertThat(map(PolicyYaml.load("<<: {a: 1}"))).containsOnlyKeys("<<");
    }

    @Test
    void p5NestingUpTo50IsAccepted() {
        assertThat(PolicyYaml.load("[".repeat(50) + "]".repeat(50))).isInstanceOf(List.class);
        assertThat(PolicyYaml.load("[".repeat(50) + "leaf" + "]".repeat(50))).isInstanceOf(List.class);
        assertThat(PolicyYaml.load(blockNesting(50))).isInstanceOf(Map.class);
        assertThat(details("[".repeat(51) + "]".repeat(51))).containsExactly("Nesting deeper than 50 (line 1, column 51)");
    }

    @Test
    void p5SizeLimitCountsCharacters() {
        String exactly = "a: " + "é".repeat(PolicyYaml.MAX_CHARS - 3);
        assertThat(exactly).hasSize(102_400);
        assertThat(map(PolicyYaml.load(exactly)).get("a")).asString().hasSize(102_397);
        assertThat(details(exactly + "x")).containsExactly("File larger than 102400 characters");
    }

    @Test
    void p5NodeLimitAppliesWithoutAliasesToo() {
        assertThat(PolicyYaml.load("[" + repeat("x", 4999) + "]")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(4999);
        assertThat(details("[" + repeat("x", 5000) + "]"))
                .containsExactly("Too many nodes after alias expansion (limit 5000)");
    }

    @Test
    void p5DocumentMarkersAroundOneDocumentAreFine() {
        assertThat(PolicyYaml.load("---\norigin: a/b\n...\n")).isEqualTo(Map.of("origin", "a/b"));
        assertThat(PolicyYaml.load("---\n")).isNull();
    }

    // ---- P7-ish and detail hygiene ----

    @Test
    void p7LeadingBomDoesNotCrash() {
        assertThat(map(PolicyYaml.load("\uFEFForigin: a/b\n"))).containsExactly(entry("origin", "a/b"));
    }

    @Test
    void detailsQuoteAtMostAShortExcerptOnOneLine() {
        String key = "k\n".repeat(300);
        String text = "\"" + key.replace("\n", "\\n") + "\": 1\n\"" + key.replace("\n", "\\n") + "\": 2\n";
        String detail = details(text).get(0);
        assertThat(detail).startsWith("Duplicate key 'k\\nk\\n").contains("…").doesNotContain("\n");
        assertThat(detail.replace("\\n", "")).hasSizeLessThan(80);
    }

    @Test
    void nullTextIsFatal() {
        assertThat(details(null)).containsExactly("The file is empty");
    }

    @Test
    void exceptionJoinsDetailsAndIsUnmodifiable() {
        InvalidPolicyException e = new InvalidPolicyException(List.of("one", "two"));
        assertThat(e).hasMessage("Invalid access policy: one; two");
        assertThatThrownBy(() -> e.details().add("three")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new InvalidPolicyException("only").details()).containsExactly("only");
    }

    // ---- helpers ----

    /** Would count instances if anything ever constructed it from a tag. */
    public static final class Canary {
        static final AtomicInteger INSTANCES = new AtomicInteger();

        public Canary() {
            INSTANCES.incrementAndGet();
        }
    }

    private static List<String> details(String text) {
        InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class, () -> PolicyYaml.load(text));
        assertThat(e).as("load must throw InvalidPolicyException").isExactlyInstanceOf(InvalidPolicyException.class);
        return e.details();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object tree) {
        assertThat(tree).isInstanceOf(Map.class);
        return (Map<String, Object>) tree;
    }

    private static String repeat(String item, int times) {
        return IntStream.range(0, times).mapToObj(i -> item).collect(Collectors.joining(", "));
    }

    private static String blockNesting(int depth) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            text.append("  ".repeat(i)).append("k:\n");
        }
        return text.append("  ".repeat(depth)).append("v\n").toString();
    }
}
