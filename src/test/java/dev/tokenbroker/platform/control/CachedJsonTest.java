package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * {@code Json.create…()} looks the JSON-P provider up through every jar of the server on each call (the largest cost of
 * a request on Payara before issue 13); production code goes through {@link CachedJson}, which looks it up once.
 */
class CachedJsonTest {

    private static final Pattern DIRECT = Pattern.compile("(?<![A-Za-z.])(jakarta\\.json\\.)?Json\\.create");

    @Test
    void noProductionCodeLooksTheProviderUpPerCall() throws IOException {
        List<String> offenders;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            offenders = sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.endsWith(Path.of("platform/control/CachedJson.java")))
                    .filter(p -> {
                        try {
                            return DIRECT.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).map(Path::toString).toList();
        }
        assertThat(offenders).as("use CachedJson instead of jakarta.json.Json").isEmpty();
    }

    @Test
    void theCachedProviderBuildsAndReadsJson() {
        String text = CachedJson.createObjectBuilder().add("a", CachedJson.createArrayBuilder(List.of("x", "y")))
                .add("n", CachedJson.createValue(7L)).build().toString();
        assertThat(CachedJson.createReader(new StringReader(text)).readObject().getJsonArray("a").getString(1)).isEqualTo("y");
    }
}
