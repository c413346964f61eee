package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.github.entity.CheckAnnotation;
import dev.tokenbroker.github.entity.CheckRun;

/** A check run as GitHub takes it (issue 18): one create call, annotation batches of 50 as updates, texts within GitHub's limits. */
class CheckRunBodiesTest {

    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    private static CheckRun run(int annotations, String summary) {
        return new CheckRun("access-token policy", SHA, "failure", "3 problems", summary,
                IntStream.rangeClosed(1, annotations).mapToObj(i -> new CheckAnnotation(".github/access-token.yaml", i, i,
                        "failure", "finding " + i, "message " + i)).toList());
    }

    @Test
    void theCreateBodyNamesTheCommitAndTheVerdictAndCarriesTheFirst50Annotations() {
        List<JsonObject> bodies = GitHubApi.checkRunBodies(run(120, "summary"));

        assertThat(bodies).hasSize(3);
        JsonObject create = bodies.get(0);
        assertThat(create.keySet()).containsExactly("name", "head_sha", "status", "conclusion", "output");
        assertThat(create.getString("name")).isEqualTo("access-token policy");
        assertThat(create.getString("head_sha")).isEqualTo(SHA);
        assertThat(create.getString("status")).isEqualTo("completed");
        assertThat(create.getString("conclusion")).isEqualTo("failure");
        assertThat(create.getJsonObject("output").getJsonArray("annotations")).hasSize(50);
        assertThat(create.getJsonObject("output").getJsonArray("annotations").getJsonObject(0)).isEqualTo(jakarta.json.Json
                .createObjectBuilder().add("path", ".github/access-token.yaml").add("start_line", 1).add("end_line", 1)
                .add("annotation_level", "failure").add("title", "finding 1").add("message", "message 1").build());
    }

    @Test
    void theUpdatesRepeatTitleAndSummaryAndCarryTheRestInOrder() {
        List<JsonObject> bodies = GitHubApi.checkRunBodies(run(120, "summary"));

        for (JsonObject update : bodies.subList(1, 3)) {
            assertThat(update.keySet()).containsExactly("output");
            assertThat(update.getJsonObject("output").getString("title")).isEqualTo("3 problems");
            assertThat(update.getJsonObject("output").getString("summary")).isEqualTo("summary");
        }
        assertThat(bodies.get(1).getJsonObject("output").getJsonArray("annotations")).hasSize(50);
        assertThat(bodies.get(2).getJsonObject("output").getJsonArray("annotations")).hasSize(20);
        assertThat(bodies.get(2).getJsonObject("output").getJsonArray("annotations").getJsonObject(19).getInt("start_line"))
                .isEqualTo(120);
    }

    @Test
    void withoutAnnotationsOneCallSuffices() {
        List<JsonObject> bodies = GitHubApi.checkRunBodies(run(0, "all good"));

        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0).getJsonObject("output").keySet()).containsExactly("title", "summary");
        assertThat(GitHubApi.checkRunBodies(run(50, "")).size()).as("exactly one full batch").isEqualTo(1);
        assertThat(GitHubApi.checkRunBodies(run(51, "")).size()).isEqualTo(2);
    }

    @Test
    void annotationsBeyondAThousandAreDroppedAndCountedInTheSummary() {
        List<JsonObject> bodies = GitHubApi.checkRunBodies(run(1234, "x".repeat(70_000)));

        assertThat(bodies).hasSize(20);
        assertThat(bodies.stream().mapToInt(b -> b.getJsonObject("output").getJsonArray("annotations").size()).sum())
                .isEqualTo(1000);
        String summary = bodies.get(0).getJsonObject("output").getString("summary");
        assertThat(summary).hasSize(GitHubApi.MAX_SUMMARY_CHARS)
                .endsWith("…\n\n234 more annotations were left out: at most 1000 are sent with one check run.");
        assertThat(bodies.get(19).getJsonObject("output").getString("summary")).isEqualTo(summary);
    }

    @Test
    void textsLongerThanGitHubTakesAreCutWithoutSplittingACharacter() {
        String title = "t".repeat(254) + "😀";
        String message = "é".repeat(40_000);
        CheckRun run = new CheckRun("c", SHA, "neutral", "t", "s",
                List.of(new CheckAnnotation("a.yaml", 1, 2, "warning", title, message)));

        JsonObject annotation = GitHubApi.checkRunBodies(run).get(0).getJsonObject("output").getJsonArray("annotations")
                .getJsonObject(0);
        assertThat(annotation.getString("title")).isEqualTo("t".repeat(254) + "…");
        String sent = annotation.getString("message");
        assertThat(sent.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(65_535).isGreaterThan(65_530);
        assertThat(sent).endsWith("é…");

        assertThat(GitHubApi.limitChars("short", 255)).isEqualTo("short");
        assertThat(GitHubApi.limitChars("ab😀cd", 4)).isEqualTo("ab…");
        assertThat(GitHubApi.limitUtf8("aé😀", 7)).isEqualTo("aé😀");
        assertThat(GitHubApi.limitUtf8("aé😀b", 7)).isEqualTo("aé…");
    }

    @Test
    void anAnnotationWithoutTitleHasNone() {
        CheckRun run = new CheckRun("c", SHA, "success", "t", "s",
                List.of(new CheckAnnotation("a.yaml", 3, 3, "notice", null, "m")));
        assertThat(GitHubApi.checkRunBodies(run).get(0).getJsonObject("output").getJsonArray("annotations")
                .getJsonObject(0).keySet()).containsExactly("path", "start_line", "end_line", "annotation_level", "message");
    }

    @Test
    void whatGitHubWouldRefuseIsRefusedWhenMade() {
        assertThatThrownBy(() -> new CheckAnnotation("a.yaml", 0, 0, "failure", null, "m"))
                .as("GitHub refuses line 0").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckAnnotation("a.yaml", 5, 4, "failure", null, "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckAnnotation("a.yaml", 1, 1, "error", null, "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckAnnotation(" ", 1, 1, "notice", null, "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckAnnotation("a.yaml", 1, 1, "notice", null, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckRun("c", SHA, "action_required", "t", "s", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckRun("", SHA, "success", "t", "s", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckRun("c", SHA, "success", "", "s", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CheckRun("c", SHA, "success", "t", "s", null).annotations()).isEmpty();
    }
}
