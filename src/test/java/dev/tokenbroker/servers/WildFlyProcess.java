package dev.tokenbroker.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * WildFly 39 ({@code standalone-microprofile.xml}) with the broker's WAR as {@code ROOT.war}, configured once by
 * {@code server-config/wildfly/configure.cli} (PostgreSQL as the default data source). Each start gets its own copy of
 * the {@code standalone} directory and its own ports.
 */
public final class WildFlyProcess extends ServerProcess {

    private final int managementPort = freePort();
    private final int httpsPort = freePort();

    public WildFlyProcess(String name, Path work) {
        super(name, work);
    }

    private static Path home() {
        return provided("wildfly.home");
    }

    @Override
    protected void prepare(Map<String, String> environment) throws IOException {
        Path configured = home().resolve(".broker-configured");
        if (!Files.exists(configured)) {
            run(List.of("bash", home().resolve("bin/jboss-cli.sh").toString(),
                    "--file=" + Path.of("server-config/wildfly/configure.cli").toAbsolutePath(),
                    "-Dpostgresql.jar=" + provided("postgresql.jar")));
            Files.createFile(configured);
        }
        Path base = work.resolve("standalone");
        deleteRecursively(base);
        copyRecursively(home().resolve("standalone/configuration"), base.resolve("configuration"));
        Files.createDirectories(base.resolve("deployments"));
        Files.copy(provided("broker.war"), base.resolve("deployments/ROOT.war"));
    }

    @Override
    protected Map<String, String> serverEnvironment() {
        return Map.of("LAUNCH_JBOSS_IN_BACKGROUND", "true",
                "JAVA_OPTS", "-Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true "
                        + "-Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true");
    }

    @Override
    protected List<String> command() {
        return List.of("bash", home().resolve("bin/standalone.sh").toString(), "-c", "standalone-microprofile.xml",
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.server.base.dir=" + work.resolve("standalone").toAbsolutePath(),
                "-Djboss.http.port=" + port, "-Djboss.https.port=" + httpsPort,
                "-Djboss.management.http.port=" + managementPort);
    }
}
