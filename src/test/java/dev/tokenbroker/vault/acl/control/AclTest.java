package dev.tokenbroker.vault.acl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tokenbroker.vault.acl.control.AclPolicyParser.AclPolicy;
import dev.tokenbroker.vault.logical.control.VaultJson;

/** Combining, matching and parameter checks of vault-api.md §6.2–§6.5 and §6.8, with acceptance cases J1–J3 and J6. */
class AclTest {

    /** The policies of §7.8, verbatim. */
    static final String ENGINE_EXAMPLES = """
            # A team may mint tokens only through a vetted permission set.
            path "github/token/ci-read" { capabilities = ["read", "update"] }

            # Ad-hoc tokens pinned to one installation, two repositories and three permissions.
            # With canonical values (§6.5) this works whether the client sends strings, numbers, arrays or a JSON map.
            path "github/token" {
              capabilities        = ["update"]
              required_parameters = ["installation_id", "repository_ids", "permissions"]
              allowed_parameters  = {
                "installation_id" = ["4242"]
                "repository_ids"  = ["1001", "1002"]
                "permissions"     = ["contents=read", "pull_requests=write", "metadata=read"]
              }
            }

            # Let holders revoke their own GitHub tokens early (ownership applies without sudo).
            path "sys/leases/revoke" { capabilities = ["update"] }

            # Operators of the engine.
            path "github/permissionset/*"  { capabilities = ["create", "read", "update", "delete"] }
            path "github/permissionsets"    { capabilities = ["list"] }
            path "github/installations"     { capabilities = ["read"] }
            path "sys/leases/lookup/github/*" { capabilities = ["list", "sudo"] }
            """;

    private static final Acl ENGINE = acl(ENGINE_EXAMPLES);

    private static Acl acl(String... policies) {
        return Acl.of(Arrays.stream(policies).map(AclPolicyParser::parse).toList());
    }

    /** One policy of one-line blocks: {@code "pattern=cap,cap"} per rule. */
    private static Acl rules(String... rules) {
        StringBuilder text = new StringBuilder();
        for (String r : rules) {
            String[] parts = r.split("=", 2);
            StringBuilder caps = new StringBuilder();
            for (String c : parts[1].split(",")) {
                caps.append(caps.length() == 0 ? "" : ", ").append('"').append(c).append('"');
            }
            text.append("path \"").append(parts[0]).append("\" { capabilities = [").append(caps).append("] }\n");
        }
        return acl(text.toString());
    }

    private static Map<String, List<String>> json(String json) {
        JsonObject data = Json.createReader(new StringReader(json)).readObject();
        return Acl.canonical(data);
    }

    // ---------------------------------------------------------------- §6.3 matching (J1)

    static Stream<Arguments> matching() {
        return Stream.of(
                // the five rows of the §6.3 table
                arguments("J1 row 1: exact beats a deny prefix", rules("github/token/*=deny", "github/token/ci-read=read"),
                        "github/token/ci-read", false, Set.of("read")),
                arguments("J1 row 2: later first wildcard wins", rules("github/*=read,update", "github/token/+=update"),
                        "github/token/x", false, Set.of("update")),
                arguments("J1 row 3: + beats trailing *", rules("github/permissionset/+=read",
                        "github/permissionset/*=delete"), "github/permissionset/a", false, Set.of("read")),
                arguments("J1 row 4: later first + wins", rules("auth/github/map/+/dev=read", "auth/+/map/+/dev=update"),
                        "auth/github/map/teams/dev", false, Set.of("read")),
                arguments("J1 row 5: LIST uses exact without trailing slash", rules("sys/policies/acl=list"),
                        "sys/policies/acl/", true, Set.of("list")),
                // tie-breakers and matching details
                arguments("(c) fewer + segments win", rules("a/+/+=read", "a/+/c=update"), "a/b/c", false,
                        Set.of("update")),
                arguments("(c) a prefix rule beats a + rule with a trailing * at the same position",
                        rules("a/b/*=read", "a/b/+/c*=update"), "a/b/x/cd", false, Set.of("read")),
                arguments("(d) longer pattern wins", rules("a/+/c*=read", "a/+/cd*=update"), "a/b/cde", false,
                        Set.of("update")),
                arguments("(e) lexicographically larger wins", rules("+/+/b=read", "+/a/+=update"), "x/a/b", false,
                        Set.of("update")),
                arguments("longest prefix", rules("github/*=read", "github/token/*=list"), "github/token/a", false,
                        Set.of("list")),
                arguments("a prefix matches the bare prefix", rules("github/token/*=read"), "github/token/", false,
                        Set.of("read")),
                arguments("a prefix without slash", rules("github/perm*=read"), "github/permissionsets", false,
                        Set.of("read")),
                arguments("no match denies", rules("github/*=read"), "sys/policy", false, Set.of()),
                arguments("exact does not match a longer path", rules("github/token=update"), "github/token/x", false,
                        Set.of()),
                arguments("a read does not use the trailing-slash fallback", rules("sys/policies/acl=list"),
                        "sys/policies/acl/", false, Set.of()),
                arguments("LIST tries non-exact patterns on the trimmed path first",
                        rules("github/perm*=read", "github/permissionset/*=list"), "github/permissionset/", true,
                        Set.of("read")),
                arguments("LIST falls back to the path itself", rules("github/permissionset/*=list"),
                        "github/permissionset/", true, Set.of("list")),
                arguments("+ needs the same number of segments", rules("a/+=read"), "a/b/c", false, Set.of()),
                arguments("+ with trailing * takes more segments", rules("a/+/*=read"), "a/b/c/d", false,
                        Set.of("read")),
                arguments("+ with trailing * needs at least as many segments", rules("a/+/*=read"), "a/b", false,
                        Set.of()),
                arguments("+ with trailing * prefix-matches its last segment", rules("a/+/b*=read"), "a/x/bcd/e",
                        false, Set.of("read")),
                arguments("a lone + matches one segment", rules("+=read"), "github", false, Set.of("read")),
                arguments("+ inside a segment is literal", rules("a/b+c=read"), "a/b+c", false, Set.of("read")),
                arguments("+ inside a segment matches nothing else", rules("a/b+c=read"), "a/bxc", false, Set.of()),
                arguments("* inside a pattern is literal", rules("a*b=read"), "axb", false, Set.of()),
                arguments("a lone * matches everything", rules("*=read"), "anything/at/all", false, Set.of("read")),
                arguments("leading slash in the policy", rules("/github/installations=read"), "github/installations",
                        false, Set.of("read")),
                arguments("only the chosen pattern applies", rules("github/*=read,update,list", "github/token/+=update"),
                        "github/token/x", false, Set.of("update")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matching")
    void theMostSpecificPatternDecides(String name, Acl acl, String path, boolean list, Set<String> expected) {
        assertThat(acl.capabilities(path, list)).isEqualTo(expected);
    }

    @Test
    void j1TheTableDecidesRequests() {
        assertThat(rules("github/token/*=deny", "github/token/ci-read=read")
                .allows("github/token/ci-read", "read", Map.of(), false)).isTrue();
        assertThat(rules("github/*=read", "github/token/+=update")
                .allows("github/token/x", "read", Map.of(), false)).isFalse();
        assertThat(rules("sys/policies/acl=list").allows("sys/policies/acl/", "list", Map.of(), false))
                .isTrue();
    }

    // ---------------------------------------------------------------- §6.2 combining (J2)

    @Test
    void j2DenyInAnotherPolicyWins() {
        String read = "path \"github/installations\" { capabilities = [\"read\"] }";
        String deny = "path \"github/installations\" { capabilities = [\"deny\"] }";
        for (Acl acl : List.of(acl(read, deny), acl(deny, read))) {
            assertThat(acl.allows("github/installations", "read", Map.of(), false)).isFalse();
            assertThat(acl.capabilities("github/installations", false)).containsExactly("deny");
            assertThat(acl.capabilitiesSelf("github/installations")).containsExactly("deny");
        }
    }

    @Test
    void capabilitiesOfTheSamePatternAreUnioned() {
        Acl acl = acl("path \"a/*\" { capabilities = [\"read\"] }", "path \"a/*\" { capabilities = [\"list\"] }\n"
                + "path \"a/*\" { capabilities = [\"sudo\"] }");
        assertThat(acl.capabilities("a/x", false)).containsExactlyInAnyOrder("read", "list", "sudo");
    }

    @Test
    void aDenyDropsTheParameterLists() {
        Acl acl = acl("path \"a\" { capabilities = [\"update\"]\n allowed_parameters = { \"x\" = [] } }",
                "path \"a\" { capabilities = [\"deny\"] }");
        assertThat(acl.allows("a", "update", Map.of("x", List.of("1")), false)).isFalse();
    }

    static Stream<Arguments> mergedParameters() {
        String one = "path \"a\" { capabilities = [\"update\"]\n allowed_parameters = { \"x\" = [\"1\"] } }";
        String two = "path \"a\" { capabilities = [\"update\"]\n allowed_parameters = { \"x\" = [\"2\"] } }";
        String any = "path \"a\" { capabilities = [\"update\"]\n allowed_parameters = { \"x\" = [] } }";
        String none = "path \"a\" { capabilities = [\"update\"] }";
        String deniedOne = "path \"a\" { capabilities = [\"update\"]\n denied_parameters = { \"y\" = [\"1\"] } }";
        String deniedAll = "path \"a\" { capabilities = [\"update\"]\n denied_parameters = { \"y\" = [] } }";
        String needsX = "path \"a\" { capabilities = [\"update\"]\n required_parameters = [\"x\"] }";
        String needsY = "path \"a\" { capabilities = [\"update\"]\n required_parameters = [\"y\"] }";
        return Stream.of(
                arguments("allowed lists are joined: first", List.of(one, two), Map.of("x", List.of("1")), true),
                arguments("allowed lists are joined: second", List.of(one, two), Map.of("x", List.of("2")), true),
                arguments("allowed lists are joined: other", List.of(one, two), Map.of("x", List.of("3")), false),
                arguments("an empty allowed list wins", List.of(one, any), Map.of("x", List.of("3")), true),
                arguments("an empty allowed list wins, either order", List.of(any, one), Map.of("x", List.of("3")),
                        true),
                arguments("a policy without allowed_parameters does not widen", List.of(one, none),
                        Map.of("x", List.of("3")), false),
                arguments("denied lists are joined", List.of(deniedOne, none), Map.of("y", List.of("1")), false),
                arguments("an empty denied list wins", List.of(deniedOne, deniedAll), Map.of("y", List.of("7")),
                        false),
                arguments("required parameters are unioned: both present", List.of(needsX, needsY),
                        Map.of("x", List.of("1"), "y", List.of("1")), true),
                arguments("required parameters are unioned: one missing", List.of(needsX, needsY),
                        Map.of("x", List.of("1")), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mergedParameters")
    void parameterListsMergeAsInVault(String name, List<String> policies, Map<String, List<String>> data,
            boolean allowed) {
        Acl acl = acl(policies.toArray(String[]::new));
        assertThat(acl.allows("a", "update", data, false)).isEqualTo(allowed);
    }

    @Test
    void noPoliciesDenyEverything() {
        Acl acl = Acl.of(List.of());
        assertThat(acl.allows("sys/capabilities-self", "update", Map.of(), false)).isFalse();
        assertThat(acl.capabilitiesSelf("sys/capabilities-self")).containsExactly("deny");
    }

    // ---------------------------------------------------------------- §6.8 capabilities-self (J3)

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "github/token; update",
        "nope; deny",
        "github/permissionset/ci; create,delete,read,update",
        "github/permissionsets; list",
        "github/permissionsets/; list",
        "sys/leases/lookup/github/token/; list,sudo",
        "github/token/ci-read; read,update",
        "github/installations/x; deny"})
    void j3CapabilitiesSelfIsSortedWithDenyForNothing(String path, String expected) {
        assertThat(ENGINE.capabilitiesSelf(path)).containsExactly(expected.split(","));
    }

    @Test
    void j3CapabilitiesSelfUsesTheListFallbacks() {
        Acl acl = rules("sys/policies/acl=list,read", "github/perm*=read", "github/permissionset/*=list");
        assertThat(acl.capabilitiesSelf("sys/policies/acl/")).containsExactly("list", "read");
        assertThat(acl.capabilitiesSelf("github/permissionset/")).containsExactly("read");
    }

    @Test
    void j3RootHasRootOnEveryPath() {
        assertThat(Acl.root().capabilitiesSelf("github/token")).containsExactly("root");
        assertThat(Acl.root().capabilitiesSelf("nope")).containsExactly("root");
        assertThat(Acl.root().isRoot()).isTrue();
        assertThat(ENGINE.isRoot()).isFalse();
    }

    @Test
    void theDefaultPolicyGrantsSelfService() {
        Acl acl = acl(AclPolicyParser.DEFAULT_POLICY);
        assertThat(acl.allows("auth/token/lookup-self", "read", Map.of(), false)).isTrue();
        assertThat(acl.allows("auth/token/lookup-self", "update", Map.of(), false)).isFalse();
        assertThat(acl.decide("sys/leases/lookup", "update", Map.of("lease_id", List.of("x")), false))
                .extracting(Acl.Decision::allowed, Acl.Decision::sudo).containsExactly(true, false);
        assertThat(acl.capabilitiesSelf("sys/capabilities-self")).containsExactly("update");
    }

    // ---------------------------------------------------------------- §6.4 operations and sudo

    static Stream<Arguments> operations() {
        return Stream.of(
                arguments("read needs read", "github/installations", "read", false, true),
                arguments("update is not read", "github/installations", "update", false, false),
                arguments("create with create", "github/permissionset/x", "create", false, true),
                arguments("delete with delete", "github/permissionset/x", "delete", false, true),
                arguments("list needs list", "github/permissionset/x", "list", false, false),
                arguments("list with list", "github/permissionsets", "list", false, true),
                arguments("LIST with trailing slash", "github/permissionsets/", "list", false, true),
                arguments("sudo path with sudo", "sys/leases/lookup/github/token/", "list", true, true),
                arguments("sudo path outside the grant", "sys/leases/lookup/other/", "list", true, false),
                arguments("sudo needed but not held", "sys/leases/revoke", "update", true, false),
                arguments("sudo not needed", "sys/leases/revoke", "update", false, true),
                arguments("update only on github/token", "github/token", "create", false, false),
                arguments("unknown path", "nope", "read", false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void operationsNeedTheirCapability(String name, String path, String operation, boolean needsSudo,
            boolean allowed) {
        assertThat(ENGINE.allows(path, operation, Map.of("x", List.of("1")), needsSudo)).isEqualTo(allowed);
    }

    @Test
    void theDecisionReportsSudoForTheOwnershipRule() {
        assertThat(ENGINE.decide("sys/leases/lookup/github/", "list", Map.of(), true).sudo()).isTrue();
        assertThat(ENGINE.decide("sys/leases/revoke", "update", Map.of(), false).sudo()).isFalse();
    }

    @Test
    void rootPassesEveryCheck() {
        Acl root = Acl.root();
        assertThat(root.decide("anything", "delete", Map.of(), true)).extracting(Acl.Decision::allowed,
                Acl.Decision::sudo).containsExactly(true, true);
        assertThat(root.allows("github/token", "update", Map.of("org_name", List.of("x")), false)).isTrue();
        assertThat(root.capabilities("x", false)).containsExactlyInAnyOrder("create", "read", "update", "patch",
                "delete", "list", "sudo");
    }

    @Test
    void unknownOperationsAreAProgrammingError() {
        assertThatThrownBy(() -> ENGINE.allows("x", "renew", Map.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- §6.5 parameter constraints

    private static final String CONSTRAINED = """
            path "c" {
              capabilities        = ["create", "read", "update", "delete", "list"]
              required_parameters = ["Name"]
              allowed_parameters  = { "name" = [], "color" = ["red", "*blue*", "dark*", "*green"], "size" = [1, 2] }
              denied_parameters   = { "color" = ["darkred"], "secret" = [] }
            }
            path "star" {
              capabilities       = ["update"]
              allowed_parameters = { "*" = [], "mode" = ["fast"] }
            }
            path "only-star" {
              capabilities       = ["update"]
              allowed_parameters = { "*" = ["ignored"] }
            }
            path "deny-all" {
              capabilities      = ["update"]
              denied_parameters = { "*" = [] }
            }
            path "single" {
              capabilities       = ["update"]
              allowed_parameters = { "v" = ["*"] }
            }
            path "globstar" {
              capabilities       = ["update"]
              allowed_parameters = { "v" = ["**"] }
            }
            path "free" { capabilities = ["update"] }
            """;

    private static final Acl CONSTRAINTS = acl(CONSTRAINED);

    static Stream<Arguments> constraints() {
        return Stream.of(
                arguments("1: required missing", "c", "update", Map.of("color", List.of("red")), false),
                arguments("1: required missing even without data", "c", "update", Map.of(), false),
                arguments("1: required present (name compared lowercased)", "c", "update",
                        Map.of("name", List.of("n")), true),
                arguments("1: caller's names are lowercased too", "c", "update", Map.of("NAME", List.of("n")), true),
                arguments("2: no data at all", "free", "update", Map.of(), true),
                arguments("2: no data passes even deny-all", "deny-all", "update", Map.of(), true),
                arguments("3: denied * denies any data", "deny-all", "update", Map.of("a", List.of("b")), false),
                arguments("3: denied value", "c", "update", Map.of("name", List.of("n"), "color", List.of("darkred")),
                        false),
                arguments("3: empty denied list denies any value", "c", "update",
                        Map.of("name", List.of("n"), "secret", List.of("")), false),
                arguments("3: any denied value denies", "c", "update",
                        Map.of("name", List.of("n"), "color", List.of("red", "darkred")), false),
                arguments("4: no allowed_parameters", "free", "update", Map.of("anything", List.of("x")), true),
                arguments("4: only * allowed, its values ignored", "only-star", "update", Map.of("a", List.of("b")),
                        true),
                arguments("5: unlisted name", "c", "update", Map.of("name", List.of("n"), "shape", List.of("x")),
                        false),
                arguments("5: unlisted name with *", "star", "update", Map.of("anything", List.of("x")), true),
                arguments("5: listed name with * must still match", "star", "update", Map.of("mode", List.of("slow")),
                        false),
                arguments("5: listed name with * matching", "star", "update", Map.of("mode", List.of("fast")), true),
                arguments("5: empty allowed list takes any value", "c", "update", Map.of("name", List.of("x", "y")),
                        true),
                arguments("5: equality", "c", "update", Map.of("name", List.of("n"), "color", List.of("red")), true),
                arguments("5: equality is exact", "c", "update", Map.of("name", List.of("n"), "color", List.of("reddish")),
                        false),
                arguments("5: *x* contains", "c", "update", Map.of("name", List.of("n"), "color", List.of("lightblues")),
                        true),
                arguments("5: x* prefix", "c", "update", Map.of("name", List.of("n"), "color", List.of("darkgrey")),
                        true),
                arguments("5: *x suffix", "c", "update", Map.of("name", List.of("n"), "color", List.of("seagreen")),
                        true),
                arguments("5: *x is not a prefix", "c", "update", Map.of("name", List.of("n"),
                        "color", List.of("greenish")), false),
                arguments("5: denied before allowed (darkred matches dark*)", "c", "update", Map.of("name", List.of("n"),
                        "color", List.of("darkred")), false),
                arguments("5: every value must match", "c", "update", Map.of("name", List.of("n"),
                        "color", List.of("red", "pink")), false),
                arguments("5: HCL numbers are decimal text", "c", "update", Map.of("name", List.of("n"),
                        "size", List.of("2")), true),
                arguments("5: a one-character pattern only matches by equality", "single", "update",
                        Map.of("v", List.of("anything")), false),
                arguments("5: a one-character pattern matches itself", "single", "update", Map.of("v", List.of("*")),
                        true),
                arguments("5: ** matches everything", "globstar", "update", Map.of("v", List.of("anything")), true),
                arguments("5: a parameter without values is the empty string", "c", "update",
                        Map.of("name", List.of("n"), "color", List.of()), false),
                arguments("read is checked", "c", "read", Map.of("color", List.of("red")), false),
                arguments("create is checked", "c", "create", Map.of("color", List.of("red")), false),
                arguments("delete is not checked", "c", "delete", Map.of("color", List.of("pink")), true),
                arguments("list is not checked", "c", "list", Map.of("secret", List.of("x")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constraints")
    void parameterConstraintsFollowVaultsOrder(String name, String path, String operation,
            Map<String, List<String>> data, boolean allowed) {
        assertThat(CONSTRAINTS.allows(path, operation, data, false)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({"abc, abc, true", "abc, abcd, false", "'*', '*', true", "'*', x, false", "'*', '', false",
        "a, a, true", "'*b*', abc, true", "'*b*', ac, false", "'*c', abc, true", "'*c', cab, false", "'a*', abc, true",
        "'a*', bac, false", "'**', '', true", "'', '', true", "'', x, false"})
    void globsMatchAsVaultsGlobbedStringsMatch(String pattern, String value, boolean matches) {
        assertThat(Acl.globMatches(pattern, value)).isEqualTo(matches);
    }

    // ---------------------------------------------------------------- canonical values (§6.5, untyped row)

    static Stream<Arguments> canonicalValues() {
        return Stream.of(
                arguments("string", "{\"a\":\"x, y\"}", Map.of("a", List.of("x, y"))),
                arguments("integer", "{\"a\":4242}", Map.of("a", List.of("4242"))),
                arguments("large integer kept exactly", "{\"a\":123456789012345678901234567890}",
                        Map.of("a", List.of("123456789012345678901234567890"))),
                arguments("integral decimal", "{\"a\":4242.0}", Map.of("a", List.of("4242"))),
                arguments("exponent", "{\"a\":4.242e3}", Map.of("a", List.of("4242"))),
                arguments("fraction", "{\"a\":1.50}", Map.of("a", List.of("1.5"))),
                arguments("negative", "{\"a\":-7}", Map.of("a", List.of("-7"))),
                arguments("bools", "{\"t\":true,\"f\":false}", Map.of("t", List.of("true"), "f", List.of("false"))),
                arguments("null", "{\"a\":null}", Map.of("a", List.of(""))),
                arguments("array", "{\"a\":[1001,\"x\",true,null]}", Map.of("a", List.of("1001", "x", "true", ""))),
                arguments("nested arrays flatten", "{\"a\":[[1],[2,[3]]]}", Map.of("a", List.of("1", "2", "3"))),
                arguments("empty array", "{\"a\":[]}", Map.of("a", List.of())),
                arguments("object", "{\"a\":{\"contents\":\"read\",\"n\":1,\"b\":false,\"z\":null}}",
                        Map.of("a", List.of("contents=read", "n=1", "b=false", "z="))),
                arguments("object nested in an object is JSON text", "{\"a\":{\"k\":[1,2]}}",
                        Map.of("a", List.of("k=[1,2]"))),
                arguments("objects inside an array", "{\"a\":[{\"x\":\"1\"},{\"y\":\"2\"}]}",
                        Map.of("a", List.of("x=1", "y=2"))),
                arguments("names lowercased", "{\"Installation_ID\":1}", Map.of("installation_id", List.of("1"))),
                arguments("colliding names join", "{\"a\":\"1\",\"A\":\"2\"}", Map.of("a", List.of("1", "2"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonicalValues")
    void canonicalisesUntypedValues(String name, String json, Map<String, List<String>> expected) {
        assertThat(json(json)).isEqualTo(expected);
    }

    @Test
    void absurdExponentsStayShort() {
        assertThat(VaultJson.decimalText(new BigDecimal("1e999999999"))).isEqualTo("1E+999999999");
        assertThat(VaultJson.decimalText(new BigDecimal("1e-999999999"))).isEqualTo("1E-999999999");
        assertThat(VaultJson.decimalText(new BigDecimal("0.000"))).isEqualTo("0");
    }

    // ---------------------------------------------------------------- J6: the §7.8 table in every form

    static Stream<Arguments> j6() {
        return Stream.of(
                // the table's own request, then each row, as JSON numbers, arrays and a map
                arguments("JSON numbers, array and map", "{\"installation_id\":4242,\"repository_ids\":[1001],"
                        + "\"permissions\":{\"contents\":\"read\"}}", true),
                arguments("permissions contents=write (map)", "{\"installation_id\":4242,\"repository_ids\":[1001],"
                        + "\"permissions\":{\"contents\":\"write\"}}", false),
                arguments("repository_ids omitted", "{\"installation_id\":4242,"
                        + "\"permissions\":{\"contents\":\"read\"}}", false),
                arguments("org_name added", "{\"installation_id\":4242,\"repository_ids\":[1001],"
                        + "\"permissions\":{\"contents\":\"read\"},\"org_name\":\"acme\"}", false),
                arguments("installation_id 4243", "{\"installation_id\":4243,\"repository_ids\":[1001],"
                        + "\"permissions\":{\"contents\":\"read\"}}", false),
                // CLI strings (also what GET ?installation_id=4242&… gives)
                arguments("CLI strings", "{\"installation_id\":\"4242\",\"repository_ids\":\"1001\","
                        + "\"permissions\":\"contents=read\"}", true),
                arguments("CLI strings: permissions=contents=write", "{\"installation_id\":\"4242\","
                        + "\"repository_ids\":\"1001\",\"permissions\":\"contents=write\"}", false),
                arguments("CLI strings: installation_id 4243", "{\"installation_id\":\"4243\","
                        + "\"repository_ids\":\"1001\",\"permissions\":\"contents=read\"}", false),
                arguments("CLI strings: org_name added", "{\"installation_id\":\"4242\",\"repository_ids\":\"1001\","
                        + "\"permissions\":\"contents=read\",\"org_name\":\"acme\"}", false),
                // JSON arrays
                arguments("JSON arrays of strings", "{\"installation_id\":\"4242\",\"repository_ids\":[\"1001\","
                        + "\"1002\"],\"permissions\":[\"contents=read\",\"metadata=read\",\"pull_requests=write\"]}",
                        true),
                arguments("JSON arrays: one repository outside", "{\"installation_id\":4242,\"repository_ids\":[1001,"
                        + "1003],\"permissions\":[\"contents=read\"]}", false),
                arguments("JSON arrays: one permission outside", "{\"installation_id\":4242,\"repository_ids\":[1001],"
                        + "\"permissions\":[\"contents=read\",\"contents=write\"]}", false),
                arguments("JSON arrays: empty repository list", "{\"installation_id\":4242,\"repository_ids\":[],"
                        + "\"permissions\":[\"contents=read\"]}", false),
                // JSON map with several entries, number written with a fraction
                arguments("JSON map with three permissions", "{\"installation_id\":4242,\"repository_ids\":[1001,1002],"
                        + "\"permissions\":{\"contents\":\"read\",\"pull_requests\":\"write\",\"metadata\":\"read\"}}",
                        true),
                arguments("JSON map: admin level", "{\"installation_id\":4242,\"repository_ids\":[1001],"
                        + "\"permissions\":{\"contents\":\"read\",\"administration\":\"admin\"}}", false),
                arguments("installation_id as 4242.0", "{\"installation_id\":4242.0,\"repository_ids\":[1001],"
                        + "\"permissions\":{\"contents\":\"read\"}}", true),
                arguments("parameter names in upper case", "{\"INSTALLATION_ID\":4242,\"Repository_IDs\":[1001],"
                        + "\"Permissions\":{\"contents\":\"read\"}}", true),
                arguments("permissions omitted", "{\"installation_id\":4242,\"repository_ids\":[1001]}", false),
                arguments("no data", "{}", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("j6")
    void j6TheEnginePolicyHoldsInEveryForm(String name, String body, boolean allowed) {
        assertThat(ENGINE.allows("github/token", "update", json(body), false)).isEqualTo(allowed);
    }

    @Test
    void j6TypedCanonicalValuesFromTheRouteSchema() {
        // what the route's typed conversion yields for repository_ids="1001,1002" and permissions=["a=b", …]
        Map<String, List<String>> typed = Map.of("installation_id", List.of("4242"),
                "repository_ids", List.of("1001", "1002"), "permissions", List.of("contents=read", "metadata=read"));
        assertThat(ENGINE.allows("github/token", "update", typed, false)).isTrue();
        assertThat(ENGINE.allows("github/token/ci-read", "update", Map.of(), false)).isTrue();
        assertThat(ENGINE.allows("github/token/ci-read", "update", Map.of("org_name", List.of("x")), false))
                .isTrue();
    }

    @Test
    void policiesParsedOnceCanBeCombinedAgain() {
        AclPolicy engine = AclPolicyParser.parse(ENGINE_EXAMPLES);
        AclPolicy defaults = AclPolicyParser.parse(AclPolicyParser.DEFAULT_POLICY);
        Acl both = Acl.of(List.of(engine, defaults));
        assertThat(both.capabilitiesSelf("auth/token/renew-self")).containsExactly("update");
        assertThat(both.capabilitiesSelf("github/installations")).containsExactly("read");
    }

    /** Vault's hasMountAccess, the preflight of sys/internal/ui/mounts (issue 15). */
    @Test
    void aMountIsAccessibleWhenAnyRuleGrantsSomethingAtOrBelowIt() {
        assertThat(acl("path \"github/token/ci\" { capabilities = [\"read\"] }").grantsAnythingUnder("github/")).isTrue();
        assertThat(acl("path \"github/*\" { capabilities = [\"list\"] }").grantsAnythingUnder("github/")).isTrue();
        assertThat(acl("path \"*\" { capabilities = [\"read\"] }").grantsAnythingUnder("github/")).as("a pattern covering it").isTrue();
        assertThat(acl("path \"github/token/ci\" { capabilities = [\"deny\"] }").grantsAnythingUnder("github/")).isFalse();
        assertThat(acl("path \"sys/mounts\" { capabilities = [\"read\"] }").grantsAnythingUnder("github/")).isFalse();
        assertThat(acl("path \"github/+/ci\" { capabilities = [\"read\"] }").grantsAnythingUnder("github/"))
                .as("a + segment below the mount").isTrue();
        assertThat(acl("path \"+/token/ci\" { capabilities = [\"read\"] }").grantsAnythingUnder("github/"))
                .as("a + segment covering the mount").isTrue();
        assertThat(acl("path \"sys/+/x\" { capabilities = [\"read\"] }").grantsAnythingUnder("github/")).isFalse();
        assertThat(Acl.of(List.of()).grantsAnythingUnder("github/")).isFalse();
        assertThat(Acl.root().grantsAnythingUnder("anything/")).isTrue();
    }
}
