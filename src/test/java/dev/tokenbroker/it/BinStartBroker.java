package dev.tokenbroker.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;

import dev.tokenbroker.it.VaultClient.Answer;
import dev.tokenbroker.servers.ServerProcess;

/**
 * The broker started as the README says ({@code bin/start --no-build}: Payara Micro, embedded H2 in the data
 * directory) and stopped again, for the restart tests. One test class per scenario, so the system tests' forks run
 * them side by side (each start takes 10–25 s on two cores).
 */
abstract class BinStartBroker {


    static final String ROOT = "hvs.RootTokenOfTheRestartIT0123456789abcd";
    Process broker;

    @AfterEach
    void stop() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
                broker.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    static Answer root(VaultClient vault, String method, String path, String body) {
        return vault.send(method, path, body, "X-Vault-Token", ROOT);
    }

    VaultClient start(Path work, int port) throws IOException {
        return start(work, port, Map.of("BROKER_VAULT_ROOT_TOKEN_VALUE", ROOT));
    }

    VaultClient start(Path work, int port, Map<String, String> settings) throws IOException {
        List<String> command = List.of("bash", new File("bin/start").getAbsolutePath(), "--no-build", "--port",
                String.valueOf(port));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("broker.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("BROKER_DATA_DIR", work.resolve("data").toString());
        env.put("BROKER_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("MP_JWT_VERIFY_AUDIENCES", "broker.example.org");
        env.putAll(settings);
        Path log = work.resolve("broker.log");
        long readyBefore = readyLines(log);
        broker = builder.start();
        VaultClient vault = new VaultClient(new URL("http://localhost:" + port + "/"));
        // With a reused --rootdir Payara first reloads the previous deployment, then deploys --deploy again;
        // only the "ready in" line of this start says the final deployment is serving.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> readyLines(log) > readyBefore);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> vault.send("GET", "sys/health", null).status() == 200
                        && List.of(400, 500).contains(vault.send("POST", "auth/github/login", "{}").status()));
        return vault;
    }

    /** An empty directory under target/ for one test's data and log. */
    static Path freshDirectory(String name) throws IOException {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), name);
        ServerProcess.deleteRecursively(work);
        Files.createDirectories(work);
        return work;
    }

    static long readyLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return java.util.regex.Pattern.compile("Payara Micro .* ready in").matcher(Files.readString(log)).results().count();
    }
}
