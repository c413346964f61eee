package dev.tokenbroker.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Open Liberty 26 with {@code server-config/openliberty/server.xml} and {@code jvm.options}: a fresh server directory
 * (and so a fresh keystore) for each start, its user directory under this process's work directory.
 */
public final class OpenLibertyProcess extends ServerProcess {

    public OpenLibertyProcess(String name, Path work) {
        super(name, work);
    }

    @Override
    protected void prepare(Map<String, String> environment) throws IOException {
        Path server = work.resolve("usr/servers/broker");
        deleteRecursively(work.resolve("usr"));
        Files.createDirectories(server);
        Path config = Path.of("server-config/openliberty");
        Files.copy(config.resolve("server.xml"), server.resolve("server.xml"));
        Files.copy(config.resolve("jvm.options"), server.resolve("jvm.options"));
        byte[] password = new byte[16];
        new SecureRandom().nextBytes(password);
        Files.writeString(server.resolve("server.env"), "keystore_password=" + HexFormat.of().formatHex(password) + "\n");
    }

    @Override
    protected Map<String, String> serverEnvironment() {
        return Map.of("WLP_USER_DIR", work.resolve("usr").toAbsolutePath().toString(),
                "HTTP_PORT", String.valueOf(port),
                "POSTGRESQL_JAR", provided("postgresql.jar").toString(),
                "BROKER_WAR", provided("broker.war").toString());
    }

    @Override
    protected List<String> command() {
        return List.of("bash", provided("openliberty.home").resolve("bin/server").toString(), "run", "broker");
    }
}
