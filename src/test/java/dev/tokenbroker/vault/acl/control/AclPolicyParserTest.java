package dev.tokenbroker.vault.acl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tokenbroker.vault.acl.control.AclPolicyParser.AclPolicy;
import dev.tokenbroker.vault.acl.control.AclPolicyParser.PathRule;
import dev.tokenbroker.vault.acl.entity.AclPolicyException;

/** The policy language of vault-api.md §6.1: the accepted HCL and JSON subset, and every refusal. */
class AclPolicyParserTest {

    private static PathRule rule(String pattern, String... capabilities) {
        return PathRule.of(pattern, Set.of(capabilities));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("HCL block", "path \"github/token/ci-read\" { capabilities = [\"read\", \"update\"] }",
                        List.of(rule("github/token/ci-read", "read", "update"))),
                arguments("HCL block with =", "path \"a\" = { capabilities = [\"read\"] }", List.of(rule("a", "read"))),
                arguments("JSON", "{\"path\":{\"github/token/ci-read\":{\"capabilities\":[\"read\",\"update\"]}}}",
                        List.of(rule("github/token/ci-read", "read", "update"))),
                arguments("JSON with name and two paths, whitespace",
                        "\n  {\n \"name\": \"ops\",\n \"path\": {\n  \"a\": {\"capabilities\": [\"read\"]},\n"
                                + "  \"b/*\": {\"capabilities\": [\"list\"], \"comment\": \"x\"}\n }\n}\n",
                        List.of(rule("a", "read"), rule("b/*", "list"))),
                arguments("JSON after a comment", "# spring\n{\"path\":{\"a\":{\"capabilities\":[\"read\"]}}}",
                        List.of(rule("a", "read"))),
                arguments("every comment style", "# hash\n// slashes\n/* block\n spanning */ path \"a\" { /* in */ "
                        + "capabilities = [\"read\"] # trailing\n}", List.of(rule("a", "read"))),
                arguments("trailing comma in HCL list", "path \"a\" { capabilities = [\"read\", \"list\",] }",
                        List.of(rule("a", "list", "read"))),
                arguments("trailing comma in JSON list", "{\"path\":{\"a\":{\"capabilities\":[\"read\",]}}}",
                        List.of(rule("a", "read"))),
                arguments("multi-line HCL list with trailing comma",
                        "path \"a\" {\n  capabilities = [\n    \"read\",\n    \"list\",\n  ]\n}\n",
                        List.of(rule("a", "list", "read"))),
                arguments("items separated by commas", "path \"a\" { capabilities = [\"read\"], comment = \"c\" }",
                        List.of(rule("a", "read"))),
                arguments("quoted attribute key", "path \"a\" { \"capabilities\" = [\"read\"] }",
                        List.of(rule("a", "read"))),
                arguments("CRLF line ends", "path \"a\" {\r\n  capabilities = [\"read\"]\r\n}\r\n",
                        List.of(rule("a", "read"))),
                arguments("leading slash stripped", "path \"/sys/leases/revoke\" { capabilities = [\"update\"] }",
                        List.of(rule("sys/leases/revoke", "update"))),
                arguments("wildcards kept", "path \"auth/+/map/+/dev\" { capabilities = [\"read\"] }\n"
                        + "path \"github/*\" { capabilities = [\"read\"] }\npath \"a/+/b*\" { capabilities = [\"read\"] }",
                        List.of(rule("auth/+/map/+/dev", "read"), rule("github/*", "read"), rule("a/+/b*", "read"))),
                arguments("JSON escapes in a pattern", "path \"a\\u002Fb\\\\c\" { capabilities = [\"read\"] }",
                        List.of(rule("a/b\\c", "read"))),
                arguments("deny wipes the others", "path \"a\" { capabilities = [\"read\", \"deny\", \"sudo\"] }",
                        List.of(rule("a", "deny"))),
                arguments("every capability", "path \"a\" { capabilities = [\"create\", \"read\", \"update\", "
                        + "\"patch\", \"delete\", \"list\", \"sudo\"] }",
                        List.of(rule("a", "create", "read", "update", "patch", "delete", "list", "sudo"))),
                arguments("empty capability list", "path \"a\" { capabilities = [] }", List.of(rule("a"))),
                arguments("legacy deny", "path \"a\" { policy = \"deny\" }", List.of(rule("a", "deny"))),
                arguments("legacy read", "path \"a\" { policy = \"read\" }", List.of(rule("a", "read", "list"))),
                arguments("legacy write", "path \"a\" { policy = \"write\" }",
                        List.of(rule("a", "create", "read", "update", "delete", "list"))),
                arguments("legacy sudo", "path \"a\" { policy = \"sudo\" }",
                        List.of(rule("a", "create", "read", "update", "delete", "list", "sudo"))),
                arguments("legacy policy adds to capabilities", "path \"a\" { capabilities = [\"patch\"]\n"
                        + " policy = \"read\" }", List.of(rule("a", "patch", "read", "list"))),
                arguments("top-level name ignored", "name = \"ops\"\npath \"a\" { capabilities = [\"read\"] }",
                        List.of(rule("a", "read"))),
                arguments("repeated pattern kept twice", "path \"a\" { capabilities = [\"read\"] }\n"
                        + "path \"a\" { capabilities = [\"list\"] }", List.of(rule("a", "read"), rule("a", "list"))),
                arguments("empty text", "", List.of()),
                arguments("only comments", "# nothing\n/* here */\n", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void parsesTheSubset(String name, String text, List<PathRule> expected) {
        assertThat(AclPolicyParser.parse(text).rules()).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> parameters() {
        PathRule expected = new PathRule("github/token", Set.of("update"),
                Map.of("installation_id", List.of("4242"), "repository_ids", List.of("1001", "-2", "0"),
                        "flag", List.of("true", "false"), "any", List.of()),
                Map.of("org_name", List.of("*"), "permissions", List.of()),
                List.of("installation_id", "permissions"));
        return Stream.of(
                arguments("HCL", """
                        path "github/token" {
                          capabilities        = ["update"]
                          required_parameters = ["installation_id", "Permissions"]
                          allowed_parameters  = {
                            "Installation_ID" = ["4242"]
                            repository_ids    = [1001, -2, -0]
                            "flag" = [true, false]
                            "any" = []
                          }
                          denied_parameters = { "ORG_NAME" = ["*"], "permissions" = [] }
                        }
                        """, expected),
                arguments("JSON", """
                        {"path": {"github/token": {
                          "capabilities": ["update"],
                          "required_parameters": ["installation_id", "Permissions"],
                          "allowed_parameters": {"Installation_ID": ["4242"], "repository_ids": [1001, -2, -0],
                                                 "flag": [true, false], "any": []},
                          "denied_parameters": {"ORG_NAME": ["*"], "permissions": []}
                        }}}
                        """, expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void readsParameterConstraintsWithLowercasedNamesAndValuesAsText(String name, String text, PathRule expected) {
        assertThat(AclPolicyParser.parse(text).rules()).containsExactly(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("unknown capability", "path \"a\" { capabilities = [\"admin\"] }",
                        "failed to parse policy: path \"a\": invalid capability \"admin\""),
                arguments("newer Vault capability", "path \"a\" { capabilities = [\"subscribe\"] }",
                        "failed to parse policy: path \"a\": invalid capability \"subscribe\""),
                arguments("capability in upper case", "path \"a\" { capabilities = [\"Read\"] }",
                        "failed to parse policy: path \"a\": invalid capability \"Read\""),
                arguments("invalid capability next to deny", "path \"a\" { capabilities = [\"deny\", \"x\"] }",
                        "failed to parse policy: path \"a\": invalid capability \"x\""),
                arguments("legacy policy root", "path \"a\" { policy = \"root\" }",
                        "failed to parse policy: path \"a\": invalid policy \"root\""),
                arguments("J5 max_wrapping_ttl", "path \"github/token\" {\n  capabilities = [\"update\"]\n"
                        + "  max_wrapping_ttl = \"1h\"\n}",
                        "failed to parse policy: path \"github/token\": max_wrapping_ttl is not supported by this server"),
                arguments("min_wrapping_ttl", "path \"a\" { min_wrapping_ttl = 60 }",
                        "failed to parse policy: path \"a\": min_wrapping_ttl is not supported by this server"),
                arguments("mfa_methods", "path \"a\" { mfa_methods = [\"totp\"] }",
                        "failed to parse policy: path \"a\": mfa_methods is not supported by this server"),
                arguments("control_group in JSON",
                        "{\"path\":{\"a\":{\"control_group\":{\"factor\":{\"approvals\":1}}}}}",
                        "failed to parse policy: path \"a\": control_group is not supported by this server"),
                arguments("+* at the end", "path \"a/+*\" { capabilities = [\"read\"] }",
                        "failed to parse policy: path \"a/+*\": invalid use of wildcards ('+*' is forbidden)"),
                arguments("+* in the middle", "path \"a/+*/b\" { capabilities = [\"read\"] }",
                        "failed to parse policy: path \"a/+*/b\": invalid use of wildcards ('+*' is forbidden)"),
                arguments("unknown key in a block", "path \"a\" {\n  capabilities = [\"read\"]\n  foo = \"x\"\n}",
                        "failed to parse policy: path \"a\": invalid key \"foo\" on line 3"),
                arguments("key in the wrong case", "path \"a\" { Capabilities = [\"read\"] }",
                        "failed to parse policy: path \"a\": invalid key \"Capabilities\" on line 1"),
                arguments("unknown top-level key", "paths \"a\" { capabilities = [\"read\"] }",
                        "failed to parse policy: invalid key \"paths\" on line 1"),
                arguments("unknown top-level JSON key", "{\"paths\":{}}",
                        "failed to parse policy: invalid key \"paths\" on line 1"),
                arguments("duplicate key in a block", "path \"a\" { capabilities = [\"read\"]\ncapabilities = [] }",
                        "failed to parse policy: path \"a\": duplicate key \"capabilities\" on line 2"),
                arguments("duplicate parameter after lowercasing",
                        "path \"a\" { allowed_parameters = { \"x\" = [] \"X\" = [\"1\"] } }",
                        "failed to parse policy: path \"a\": duplicate parameter \"x\" in allowed_parameters"),
                arguments("missing closing brace", "path \"a\" {\n  capabilities = [\"read\"]\n",
                        "failed to parse policy: line 3, column 1: expected a key but found end of input"),
                arguments("unclosed list", "path \"a\" {\n  capabilities = [\"read\"\n}",
                        "failed to parse policy: line 3, column 1: expected ',' or ']' but found '}'"),
                arguments("unterminated string", "path \"a { }",
                        "failed to parse policy: line 1, column 6: unterminated string"),
                arguments("unterminated comment", "path \"a\" { } /* open",
                        "failed to parse policy: line 1, column 14: unterminated comment"),
                arguments("invalid escape", "path \"a\\x\" { }",
                        "failed to parse policy: line 1, column 8: invalid escape \\ followed by 'x'"),
                arguments("float", "path \"a\" { allowed_parameters = { \"x\" = [1.5] } }",
                        "failed to parse policy: line 1, column 42: only integers are supported"),
                arguments("leading zero", "path \"a\" { allowed_parameters = { \"x\" = [0755] } }",
                        "failed to parse policy: line 1, column 42: integers with leading zeros are not supported"),
                arguments("hex", "path \"a\" { allowed_parameters = { \"x\" = [0x10] } }",
                        "failed to parse policy: line 1, column 42: only integers are supported"),
                arguments("heredoc", "path \"a\" { comment = <<EOF\nx\nEOF\n}",
                        "failed to parse policy: line 1, column 22: unexpected character '<'"),
                arguments("JSON null", "{\"path\":{\"a\":{\"comment\":null}}}",
                        "failed to parse policy: line 1, column 25: expected a string, integer, true, false, list or "
                                + "object but found 'null'"),
                arguments("JSON trailing comma in an object", "{\"path\":{\"a\":{\"capabilities\":[],}}}",
                        "failed to parse policy: line 1, column 33: expected a quoted key but found '}'"),
                arguments("JSON unquoted key", "{path:{}}",
                        "failed to parse policy: line 1, column 2: expected a quoted key but found 'path'"),
                arguments("text after the JSON object", "{\"path\":{}} x",
                        "failed to parse policy: line 1, column 13: expected end of input but found 'x'"),
                arguments("colon in HCL", "path \"a\" { capabilities: [\"read\"] }",
                        "failed to parse policy: line 1, column 24: expected '=' or '{' after 'capabilities' but found ':'"),
                arguments("bare word as value", "path \"a\" { capabilities = read }",
                        "failed to parse policy: line 1, column 27: expected a string, integer, true, false, list or "
                                + "object but found 'read'"),
                arguments("block syntax for an attribute", "path \"a\" { allowed_parameters { \"x\" = [] } }",
                        "failed to parse policy: path \"a\": line 1, column 12: expected allowed_parameters = <value>"),
                arguments("capabilities as a string", "path \"a\" { capabilities = \"read\" }",
                        "failed to parse policy: path \"a\": line 1, column 27: capabilities must be a list of strings"),
                arguments("number in capabilities", "path \"a\" { capabilities = [1] }",
                        "failed to parse policy: path \"a\": line 1, column 28: capabilities must be a string"),
                arguments("parameter values not a list", "path \"a\" { allowed_parameters = { \"x\" = \"1\" } }",
                        "failed to parse policy: path \"a\": line 1, column 41: allowed_parameters \"x\" must be a list"),
                arguments("nested list as a parameter value", "path \"a\" { denied_parameters = { \"x\" = [[\"1\"]] } }",
                        "failed to parse policy: path \"a\": line 1, column 41: denied_parameters values must be "
                                + "strings, integers or booleans"),
                arguments("parameters not an object", "path \"a\" { allowed_parameters = [\"x\"] }",
                        "failed to parse policy: path \"a\": line 1, column 33: allowed_parameters must be an object "
                                + "of lists"),
                arguments("path without a pattern", "path { capabilities = [\"read\"] }",
                        "failed to parse policy: line 1, column 1: expected path \"<pattern>\" { ... }"),
                arguments("HCL path map", "path = { \"a\" = { capabilities = [\"read\"] } }",
                        "failed to parse policy: line 1, column 1: expected path \"<pattern>\" { ... }"),
                arguments("unquoted pattern", "path a { capabilities = [\"read\"] }",
                        "failed to parse policy: line 1, column 1: expected path \"<pattern>\" { ... }"),
                arguments("path value not a block", "path \"a\" = \"read\"",
                        "failed to parse policy: path \"a\": line 1, column 12: expected a block { ... }"),
                arguments("name not a string", "name = 1", "failed to parse policy: line 1, column 1: name must be a "
                        + "string: name = \"<name>\""),
                arguments("top-level JSON list", "[]",
                        "failed to parse policy: line 1, column 1: expected a key but found '['"),
                arguments("deep nesting", "{\"path\":" + "[".repeat(100) + "]".repeat(100) + "}",
                        "failed to parse policy: line 1, column 24: nesting too deep"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesEverythingElse(String name, String text, String message) {
        assertThatThrownBy(() -> AclPolicyParser.parse(text)).isInstanceOf(AclPolicyException.class)
                .hasMessage(message);
    }

    @Test
    void parsesTheDefaultPolicy() {
        assertThat(AclPolicyParser.parse(AclPolicyParser.DEFAULT_POLICY).rules()).containsExactly(
                rule("auth/token/lookup-self", "read"), rule("auth/token/renew-self", "update"),
                rule("auth/token/revoke-self", "update"), rule("sys/capabilities-self", "update"),
                rule("sys/leases/renew", "update"), rule("sys/leases/lookup", "update"));
    }

    @Test
    void parsesTheEngineExamplesOfSection78() {
        AclPolicy policy = AclPolicyParser.parse(AclTest.ENGINE_EXAMPLES);
        assertThat(policy.rules()).extracting(PathRule::pattern).containsExactly("github/token/ci-read",
                "github/token", "sys/leases/revoke", "github/permissionset/*", "github/permissionsets",
                "github/installations", "sys/leases/lookup/github/*");
        assertThat(policy.rules().get(1)).isEqualTo(new PathRule("github/token", Set.of("update"),
                Map.of("installation_id", List.of("4242"), "repository_ids", List.of("1001", "1002"),
                        "permissions", List.of("contents=read", "pull_requests=write", "metadata=read")),
                Map.of(), List.of("installation_id", "repository_ids", "permissions")));
    }

    @Test
    void parsedValuesAreImmutable() {
        AclPolicy policy = AclPolicyParser.parse(
                "path \"a\" { capabilities = [\"read\"]\n allowed_parameters = { \"x\" = [\"1\"] } }");
        PathRule rule = policy.rules().get(0);
        assertThatThrownBy(() -> policy.rules().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rule.capabilities().add("sudo")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rule.allowedParameters().get("x").add("2"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
