package dev.tokenbroker.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.tokenbroker.testsupport.ShiftedClock;

/**
 * The WAR exactly as {@code mvn package} built it, plus test-only pieces: a config jar whose
 * {@code microprofile-config.properties} (ordinal 500) points the broker at the simulator, the probe resource, and the
 * test clock ({@link TestClockResource}).
 */
public final class BrokerDeployment {

    private BrokerDeployment() {
    }

    public static WebArchive of(Map<String, String> config) {
        String war = System.getProperty("broker.war", "target/broker.war");
        if (!new File(war).isFile()) {
            throw new IllegalStateException("the built WAR " + war + " is missing; run the ITs through mvn verify");
        }
        String properties = "config_ordinal=500\n" + config.entrySet().stream()
                .map(e -> escape(e.getKey()) + "=" + escape(e.getValue()))
                .collect(Collectors.joining("\n"));
        JavaArchive testConfig = ShrinkWrap.create(JavaArchive.class, "test-config.jar")
                .addAsManifestResource(new StringAsset(properties), "microprofile-config.properties");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(war))
                .addAsLibrary(testConfig)
                .addClasses(GitHubProbeResource.class, TestClockResource.class, ShiftedClock.class, TestHttp.class);
    }

    /** Writes a test-made secret (an App key) to a file under target/, readable only by its owner. */
    public static Path writeSecret(String name, String content) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "it-secrets");
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=").replace("\n", "\\n");
    }
}
