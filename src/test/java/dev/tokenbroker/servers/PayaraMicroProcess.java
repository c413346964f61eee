package dev.tokenbroker.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro with the broker's WAR, as {@code server-config/payara-micro/README.md} describes: on PostgreSQL
 * through {@code postgresql.asadmin} when the environment names a database ({@code DB_NAME}), else on the embedded H2.
 * Each start unpacks a fresh runtime into its own root directory, so several can run side by side.
 */
public final class PayaraMicroProcess extends ServerProcess {

    public PayaraMicroProcess(String name, Path work) {
        super(name, work);
    }

    private boolean postgres;

    @Override
    protected void prepare(Map<String, String> environment) throws IOException {
        postgres = environment.containsKey("DB_NAME");
        deleteRecursively(work.resolve("payara"));
    }

    @Override
    protected List<String> command() {
        Path config = Path.of("server-config/payara-micro").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + work.toAbsolutePath(),
                "-jar", provided("payara.microJar").toString(),
                "--deploy", provided("broker.war").toString(),
                "--contextroot", "/",
                "--port", String.valueOf(port),
                "--rootdir", work.resolve("payara").toAbsolutePath().toString(),
                "--nohazelcast", "--disablephonehome",
                "--logproperties", config.resolve("logging.properties").toString()));
        if (postgres) {
            command.addAll(List.of("--addlibs", provided("postgresql.jar").toString(),
                    "--postbootcommandfile", config.resolve("postgresql.asadmin").toString()));
        }
        return command;
    }
}
