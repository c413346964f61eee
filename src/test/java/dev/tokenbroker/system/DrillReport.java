package dev.tokenbroker.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The drills' figures: printed, and appended to {@code target/drill-measurements.txt}. */
final class DrillReport {

    private DrillReport() {
    }

    static void record(String line) {
        System.out.println(line);
        try {
            Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "drill-measurements.txt"), line + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
