package dev.tokenbroker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * issue 18: the offline checker as a CI step runs it, {@code java -jar policy-check.jar} built by {@code mvn package},
 * with nothing else on its class path (no server, no Jakarta APIs).
 */
class PolicyCheckJarIT {

    @TempDir
    Path dir;

    @Test
    void theJarRunsAloneAndFailsTheStepOnAnError() throws Exception {
        Path policy = dir.resolve(".github/access-token.yaml");
        Files.createDirectories(policy.getParent());
        Files.writeString(policy, "origin: octo-org/website\nstatements:\n  - subjects: ['repo:octo-org/deployer:**']\n"
                + "    permissions: {contnets: read}\n");
        Process check = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-jar", new File("target/policy-check.jar").getAbsolutePath(), "--repository", "octo-org/website",
                policy.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains(":4:19: error: unknown permission 'contnets'", "(did you mean 'contents'?)", "1 error, 0 warnings");
    }
}
