package dev.tokenbroker.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The Vault API's sub-packages depend on each other in one direction only, in the order {@code package-info.java}
 * gives; inside each, entities use no control or boundary code and control code no boundary code. Read from the
 * sources, so a new dependency that breaks the order fails here rather than in review.
 */
class VaultPackagesTest {

    /** Each may use only those before it. */
    static final List<String> ORDER = List.of("logical", "crypto", "acl", "lease", "token", "githubauth", "jwtauth", "githubsecrets",
            "sys", "http");

    private static final Path VAULT = Path.of("src/main/java/dev/tokenbroker/vault");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.tokenbroker\\.vault\\.([a-z]+)\\.([a-z]+)\\.");

    @Test
    void subPackagesDependOnlyOnThoseBeforeThem() {
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            String feature = VAULT.relativize(source).getName(0).toString();
            Matcher m = REFERENCE.matcher(read(source));
            while (m.find()) {
                String used = m.group(1);
                if (!used.equals(feature) && ORDER.indexOf(used) > ORDER.indexOf(feature)) {
                    wrong.add(VAULT.relativize(source) + " uses " + used);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void entitiesAndControlDoNotReachUpwards() {
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            String layer = VAULT.relativize(source).getName(1).toString();
            Matcher m = REFERENCE.matcher(read(source));
            while (m.find()) {
                String usedLayer = m.group(2);
                boolean up = layer.equals("entity") && !usedLayer.equals("entity")
                        || layer.equals("control") && usedLayer.equals("boundary");
                if (up) {
                    wrong.add(VAULT.relativize(source) + " uses " + m.group(1) + "." + usedLayer);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everySubPackageIsInTheOrderAndSaysWhatBelongsInIt() throws IOException {
        List<String> found;
        try (Stream<Path> children = Files.list(VAULT)) {
            found = children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(ORDER);
        for (String feature : ORDER) {
            assertThat(VAULT.resolve(feature).resolve("package-info.java")).exists();
        }
        try (Stream<Path> children = Files.list(VAULT)) {
            assertThat(children.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("classes belong in a sub-package").containsExactly("package-info.java");
        }
    }

    private static List<Path> sources() {
        try (Stream<Path> all = Files.walk(VAULT)) {
            return all.filter(p -> p.toString().endsWith(".java") && VAULT.relativize(p).getNameCount() == 3).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
