package dev.tokenbroker.exchange.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.exchange.entity.InvalidRequestException;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.entity.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Request validation and normalisation, actions-exchange.md §4 and acceptance cases B and L. */
class AccessTokenRequestParserTest {

    private final AccessTokenRequestParser parser = new AccessTokenRequestParser(PermissionCatalog.standard());

    private AccessTokenRequest parse(String body) {
        return parser.parse(body, "octocat", "playground");
    }

    static Stream<Arguments> invalid() {
        String names33 = IntStream.range(0, 33).mapToObj(i -> "\"r" + (i % 2) + "\"").collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("B3 not JSON", "{not json", "  - Invalid JSON"),
                Arguments.of("B3 an array", "[1]", "  - Invalid input: expected a JSON object, received array"),
                Arguments.of("B3 null", "null", "  - Invalid input: expected a JSON object, received null"),
                Arguments.of("B3 empty", "", "  - Invalid JSON"),
                Arguments.of("nested 65 deep", "{\"permissions\":{\"contents\":\"read\"},\"x\":" + "[".repeat(64) + "]".repeat(64)
                        + "}", "  - Invalid JSON: JSON nested deeper than 64 levels"),
                Arguments.of("nested 50,000 deep", "[".repeat(50_000) + "]".repeat(50_000),
                        "  - Invalid JSON: JSON nested deeper than 64 levels"),
                Arguments.of("B4 empty permissions", "{\"permissions\":{}}",
                        "  - permissions: Invalid object: must have at least one entry"),
                Arguments.of("missing permissions", "{}", "  - permissions: Required"),
                Arguments.of("B5 unknown scope", "{\"permissions\":{\"unexpected\":\"write\"}}",
                        "  - permissions: Unrecognized key: \"unexpected\""),
                Arguments.of("B6 invalid level", "{\"permissions\":{\"secrets\":\"invalid\"}}",
                        "  - permissions.secrets: Invalid option: expected one of read, write"),
                Arguments.of("B6 admin not allowed", "{\"permissions\":{\"contents\":\"admin\"}}",
                        "  - permissions.contents: Invalid option: expected one of read, write"),
                Arguments.of("levels are case-sensitive", "{\"permissions\":{\"contents\":\"Read\"}}",
                        "  - permissions.contents: Invalid option: expected one of read, write"),
                Arguments.of("workflows: read", "{\"permissions\":{\"workflows\":\"read\"}}",
                        "  - permissions.workflows: Invalid option: expected one of write"),
                Arguments.of("a level that is not a string", "{\"permissions\":{\"contents\":1}}",
                        "  - permissions.contents: Invalid option: expected one of read, write"),
                Arguments.of("B7 three segments", "{\"repositories\":[\"invalid/invalid/invalid\"],\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories.0: Invalid repository name 'invalid/invalid/invalid'"),
                Arguments.of("B8 33 repositories counted before de-duplication",
                        "{\"repositories\":[" + names33 + "],\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories: Too big: expected at most 32 entries"),
                Arguments.of("B9 owner mismatch", "{\"owner\":\"octocat\",\"repositories\":[\"spongebob/sandbox\"],\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories.0: Owner must match the specified owner 'octocat'"),
                Arguments.of("B10 two owners", "{\"repositories\":[\"octocat/a\",\"spongebob/b\"],\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories: Must have one common owner"),
                Arguments.of("B10 a bare name counts as the caller owner", "{\"repositories\":[\"a\",\"spongebob/b\"],\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories: Must have one common owner"),
                Arguments.of("B11 owner with a slash", "{\"owner\":\"invalid/invalid\",\"permissions\":{\"contents\":\"read\"}}",
                        "  - owner: Invalid owner name"),
                Arguments.of("B11 owner null", "{\"owner\":null,\"permissions\":{\"contents\":\"read\"}}",
                        "  - owner: Invalid owner name"),
                Arguments.of("B12 foreign owner with []", "{\"owner\":\"spongebob\",\"repositories\":[],\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories: Must have at least one entry if owner is specified"),
                Arguments.of("B12 foreign owner without repositories", "{\"owner\":\"spongebob\",\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories: Must have at least one entry if owner is specified"),
                Arguments.of("B13 unknown field", "{\"unknownField\":1,\"permissions\":{\"contents\":\"read\"}}",
                        "  - Unrecognized key: \"unknownField\""),
                Arguments.of("B13 scope other than owner", "{\"scope\":\"repo\",\"permissions\":{\"contents\":\"read\"}}",
                        "  - Unrecognized key: \"scope\""),
                Arguments.of("B15 one scope twice", "{\"permissions\":{\"pull_requests\":\"read\",\"pull-requests\":\"write\"}}",
                        "  - permissions: Duplicate scope 'pull-requests'"),
                Arguments.of("B16 dot-dot", "{\"repositories\":[\"..\"],\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories.0: Invalid repository name '..'"),
                Arguments.of("B16 101 characters", "{\"repositories\":[\"" + "a".repeat(101) + "\"],\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories.0: Invalid repository name '" + "a".repeat(100) + "…'"),
                Arguments.of("repositories of another type", "{\"repositories\":5,\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories: Invalid input"),
                Arguments.of("repositories string other than ALL", "{\"repositories\":\"some\",\"permissions\":{\"contents\":\"read\"}}",
                        "  - repositories: Invalid input"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refuses(String name, String body, String issue) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getMessage()).startsWith("Invalid request body:\n");
                    assertThat(e.issues()).anySatisfy(i -> assertThat(i).startsWith(issue));
                });
    }

    @Test
    void collectsEveryIssueInOneAnswer() {
        assertThatThrownBy(() -> parse("{\"owner\":\"a/b\",\"extra\":1,\"permissions\":{\"bogus\":\"read\",\"contents\":\"x\"}}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.issues()).hasSize(4));
    }

    @Test
    void reportsEveryOwnerMismatchByIndex() {
        assertThatThrownBy(() -> parse("{\"owner\":\"octocat\",\"repositories\":[\"a\",\"x/b\",\"y/c\"],\"permissions\":{\"contents\":\"read\"}}"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.issues()).containsExactly(
                        "  - repositories.1: Owner must match the specified owner 'octocat'",
                        "  - repositories.2: Owner must match the specified owner 'octocat'"));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("v4 defaults to the caller repository", "{\"permissions\":{\"contents\":\"read\"}}",
                        "octocat", List.of("playground"), Map.of("contents", Level.READ)),
                Arguments.of("L3 v3 sends []", "{\"permissions\":{\"contents\":\"read\"},\"repositories\":[]}",
                        "octocat", List.of("playground"), Map.of("contents", Level.READ)),
                Arguments.of("L4 v3 owner = caller owner with []", "{\"permissions\":{\"contents\":\"read\"},\"repositories\":[],\"owner\":\"octocat\"}",
                        "octocat", List.of("playground"), Map.of("contents", Level.READ)),
                Arguments.of("L5 v4 owner only", "{\"owner\":\"OctoCat\",\"permissions\":{\"contents\":\"read\"}}",
                        "octocat", List.of("playground"), Map.of("contents", Level.READ)),
                Arguments.of("v4 ALL with owner", "{\"owner\":\"octocat\",\"repositories\":\"ALL\",\"permissions\":{\"contents\":\"read\"}}",
                        "octocat", List.of(), Map.of("contents", Level.READ)),
                Arguments.of("L8 all in lower case", "{\"repositories\":\"all\",\"permissions\":{\"issues\":\"read\"}}",
                        "octocat", List.of(), Map.of("issues", Level.READ)),
                Arguments.of("L1 scope owner with [] is ALL", "{\"scope\":\"owner\",\"repositories\":[],\"permissions\":{\"issues\":\"read\"}}",
                        "octocat", List.of(), Map.of("issues", Level.READ)),
                Arguments.of("L2 scope owner with a repository", "{\"scope\":\"owner\",\"repositories\":[\"playground\"],\"permissions\":{\"issues\":\"read\"}}",
                        "octocat", List.of("playground"), Map.of("issues", Level.READ)),
                Arguments.of("scope owner without repositories is not ALL", "{\"scope\":\"owner\",\"permissions\":{\"issues\":\"read\"}}",
                        "octocat", List.of("playground"), Map.of("issues", Level.READ)),
                Arguments.of("L6 v3 keys", "{\"permissions\":{\"pull-requests\":\"write\",\"organization-custom_properties\":\"read\"},\"repositories\":[],\"owner\":\"octocat\"}",
                        "octocat", List.of("playground"), Map.of("pull-requests", Level.WRITE, "organization-custom-properties", Level.READ)),
                Arguments.of("L7 snake case", "{\"permissions\":{\"pull_requests\":\"write\"}}",
                        "octocat", List.of("playground"), Map.of("pull-requests", Level.WRITE)),
                Arguments.of("S10 de-duplicated case-insensitively, first spelling kept",
                        "{\"repositories\":[\"playground\",\"other\",\"octocat/PlayGround\"],\"permissions\":{\"contents\":\"read\"}}",
                        "octocat", List.of("playground", "other"), Map.of("contents", Level.READ)),
                Arguments.of("S17 another owner named in the entry", "{\"repositories\":[\"spongebob/sandbox\"],\"permissions\":{\"contents\":\"read\"}}",
                        "spongebob", List.of("sandbox"), Map.of("contents", Level.READ)),
                Arguments.of("S17 owner and bare name", "{\"owner\":\"spongebob\",\"repositories\":[\"sandbox\"],\"permissions\":{\"contents\":\"read\"}}",
                        "spongebob", List.of("sandbox"), Map.of("contents", Level.READ)),
                Arguments.of("B17 a one-character owner", "{\"owner\":\"x\",\"repositories\":[\"x/playground\"],\"permissions\":{\"contents\":\"read\"}}",
                        "x", List.of("playground"), Map.of("contents", Level.READ)),
                Arguments.of("B18 owner compared case-insensitively", "{\"owner\":\"OctoCat\",\"repositories\":[\"octocat/playground\"],\"permissions\":{\"contents\":\"read\"}}",
                        "OctoCat", List.of("playground"), Map.of("contents", Level.READ)),
                Arguments.of("B2 whitespace padding", "{\"permissions\":{\"contents\":\"read\"}}" + " ".repeat(1000),
                        "octocat", List.of("playground"), Map.of("contents", Level.READ)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void normalises(String name, String body, String owner, List<String> repositories, Map<String, Level> permissions) {
        AccessTokenRequest request = parse(body);
        assertThat(request.owner()).isEqualTo(owner);
        assertThat(request.allRepositories()).isEqualTo(repositories.isEmpty());
        assertThat(request.repositories()).containsExactlyElementsOf(repositories);
        assertThat(request.permissions()).containsExactlyInAnyOrderEntriesOf(permissions);
    }
}
