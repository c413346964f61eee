package dev.tokenbroker.policy.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline checker's arguments, output and exit codes (issue 18). */
class PolicyCheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PolicyCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aCleanRepositoryPolicyExitsZero() throws IOException {
        Path file = write(".github/access-token.yaml", "origin: octo-org/website\nstatements:\n"
                + "  - subjects: ['repo:octo-org/deployer:**']\n    permissions: {contents: read}\n");
        assertThat(run("--repository", "octo-org/website", file.toString())).isZero();
        assertThat(out()).isEqualTo("0 errors, 0 warnings\n");
    }

    @Test
    void anErrorExitsOneWithTheFindingAsALintLine() throws IOException {
        Path file = write(".github/access-token.yml", "origin: octo-org/website\nstatements:\n"
                + "  - subjects: ['repo:octo-org/deployer:**']\n    permissions: {contents: writ}\n");
        assertThat(run("--repository", "octo-org/website", file.toString())).isEqualTo(1);
        assertThat(out()).contains(file + ":4:29: error: level must be one of read, write",
                "(did you mean 'write'?)", "1 error, 0 warnings");
    }

    @Test
    void theOriginIsCheckedAgainstTheRepositoryGiven() throws IOException {
        Path file = write(".github/access-token.yaml", "origin: octo-org/deployer\n");
        assertThat(run("--repository", "octo-org/website", file.toString())).isEqualTo(1);
        assertThat(out()).contains("does not match repository 'octo-org/website'");
        out.reset();
        assertThat(run(file.toString())).as("without --repository the file's own origin is taken").isZero();
        assertThat(out()).contains("note: origin not checked");
    }

    @Test
    void anOwnerPolicyAtTheRootAndItsCeilingForRepositoryPolicies() throws IOException {
        Path owner = write("access-token.yaml", "origin: octo-org/.github-access-token\n"
                + "allowed-repository-permissions: {contents: read}\n");
        Path repository = write("website/.github/access-token.yaml", "origin: octo-org/website\nstatements:\n"
                + "  - subjects: ['repo:octo-org/deployer:**']\n    permissions: {contents: write}\n");
        assertThat(run("--repository", "octo-org/.github-access-token", owner.toString())).isZero();
        out.reset();
        assertThat(run("--repository", "octo-org/website", "--owner-policy", owner.toString(), repository.toString()))
                .as("a warning does not fail").isZero();
        assertThat(out()).contains("warning: grants 'contents: write', but the owner policy", "0 errors, 1 warning");
    }

    @Test
    void unreadableFilesAndWrongArgumentsExitTwo() throws IOException {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--repository", "not a repo", "x")).isEqualTo(2);
        assertThat(run(dir.resolve("missing.yaml").toString())).isEqualTo(2);
        Path latin1 = dir.resolve("bad.yaml");
        Files.write(latin1, new byte[] {'o', ':', ' ', (byte) 0xE9});
        assertThat(run(latin1.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not valid UTF-8");
    }
}
