package dev.tokenbroker.policy.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** issue 18: the offline explanation, for an operator or an author: any claims, local files, the same evaluator. */
class PolicyExplainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Path owner;
    private Path website;

    @BeforeEach
    void files() throws IOException {
        owner = Files.writeString(dir.resolve("owner.yaml"), "origin: octo-org/.github-access-token\n"
                + "allowed-repository-permissions: {contents: write}\n");
        website = Files.writeString(dir.resolve("website.yaml"), "origin: octo-org/website\nstatements:\n"
                + "  - subjects: ['repo:octo-org/deployer:ref:refs/heads/main']\n    permissions: {contents: write}\n"
                + "  - subjects: ['repo:octo-org/deployer:environment:prod']\n    permissions: {contents: read}\n");
    }

    private int explain(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        return PolicyCheck.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void aGrantNamesTheStatementThatAppliedAndWhy() {
        assertThat(explain("--owner-policy", owner.toString(), "--repository-policy", "website=" + website,
                "--caller", "octo-org/deployer", "--permissions", "contents=write", "--repositories", "website")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("decision: granted {contents=write} on [website]",
                "  repo:octo-org/deployer:ref:refs/heads/main",
                "statements[0] applies: 'repo:octo-org/deployer:ref:refs/heads/main' matches "
                        + "'repo:octo-org/deployer:ref:refs/heads/main'",
                "statements[1] does not apply");
    }

    @Test
    void aDenialCarriesTheExchangesMessage() {
        assertThat(explain("--owner-policy", owner.toString(), "--repository-policy", "website=" + website,
                "--caller", "octo-org/other", "--permissions", "contents=write", "--repositories", "website")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("decision: denied", "Not authorized",
                "statements[0] does not apply", "statements[1] does not apply");
    }

    @Test
    void wrongArgumentsExitTwo() {
        assertThat(explain("--caller", "octo-org/deployer")).isEqualTo(2);
        assertThat(explain("--owner-policy", owner.toString(), "--caller", "octo-org/deployer", "--permissions", "contnets=write"))
                .isEqualTo(2);
    }
}
