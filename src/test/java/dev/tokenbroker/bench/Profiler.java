package dev.tokenbroker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The benchmark's profiling mode: a Java Flight Recorder recording of the broker's JVM over one measured scenario
 * (started and stopped with {@code jcmd}, JFR's {@code profile} settings: a Java stack sample every 10 ms per running
 * thread), summarised as the methods most often on top of the stack ("self") and anywhere on it ("total"), each as a
 * share of all samples of the measured part. The recording starts before the warm-up, because starting JFR
 * deoptimises compiled code. Only Java frames are sampled: time in the JVM itself (GC, JIT) is not in these tables.
 */
final class Profiler {

    private static final int TOP = 30;

    private final long pid;
    private final Path recording;

    private Profiler(long pid, Path recording) {
        this.pid = pid;
        this.recording = recording;
    }

    static Profiler start(Process broker, Path recording) {
        Profiler profiler = new Profiler(broker.pid(), recording);
        // the server's stacks are deep: at JFR's default of 64 frames, samples lose the frames that say whose work it is
        profiler.jcmd("JFR.configure", "stackdepth=512");
        profiler.jcmd("JFR.start", "name=bench", "settings=profile");
        return profiler;
    }

    /** Stops the recording and prints the summary of its samples taken from {@code from} on (the measured part). */
    void stopAndPrint(String scenario, java.time.Instant from) {
        jcmd("JFR.stop", "name=bench", "filename=" + recording.toAbsolutePath());
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                        || event.getStartTime().isBefore(from)) {
                    continue;
                }
                samples++;
                RecordedStackTrace stack = event.getStackTrace();
                List<RecordedFrame> frames = stack.getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                self.merge(name(frames.get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String name = name(frame);
                    if (seen.add(name)) {
                        total.merge(name, 1, Integer::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf(Locale.ROOT, "%nprofile of \"%s\": %d samples (%s)%n", scenario, samples, recording);
        print("self", self, samples);
        print("total", total, samples);
        System.out.println();
    }

    private static void print(String title, Map<String, Integer> counts, int samples) {
        System.out.printf(Locale.ROOT, "  top %d by %s time:%n", TOP, title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private void jcmd(String... command) {
        String[] line = new String[command.length + 2];
        line[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        line[1] = String.valueOf(pid);
        System.arraycopy(command, 0, line, 2, command.length);
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
