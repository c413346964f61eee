package dev.tokenbroker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from Linux's {@code /proc}. */
final class ProcessStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** User plus system CPU time of the process so far, in milliseconds. */
    static long cpuMillis(Process process) {
        long[] times = times(process);
        return (times[0] + times[1]) * 1000 / TICKS_PER_SECOND;
    }

    /** System (kernel) CPU time of the process so far, in milliseconds. */
    static long systemMillis(Process process) {
        return times(process)[1] * 1000 / TICKS_PER_SECOND;
    }

    /** utime and stime, fields 14 and 15 of {@code /proc/<pid>/stat}, in clock ticks. */
    private static long[] times(Process process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long residentMebibytes(Process process) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0) / 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
