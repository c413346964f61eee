package dev.tokenbroker.servers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One application server running the broker's WAR in its own process, started the way an operator would with the
 * files in {@code server-config/}. It is ready when {@code GET /v1/sys/health} answers 200; the time to that answer
 * and the server JVM's resident memory are what {@link #measurements()} reports.
 */
public abstract class ServerProcess implements AutoCloseable {

    private static final Duration BOOT_LIMIT = Duration.ofSeconds(240);

    protected final String name;
    protected final Path work;
    protected final int port;
    private Process process;
    private Duration boot;

    protected ServerProcess(String name, Path work) {
        this.name = name;
        this.work = work;
        this.port = freePort();
    }

    /** The command that starts the server in the foreground, run in {@link #work}. */
    protected abstract List<String> command() throws IOException;

    /** What must happen before the first start (unpacking, configuring); the environment is the one it will run with. */
    protected void prepare(Map<String, String> environment) throws IOException {
    }

    /** Environment the server's own scripts need, on top of the broker's. */
    protected Map<String, String> serverEnvironment() {
        return Map.of();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public Path log() {
        return work.resolve("server.log");
    }

    /**
     * Starts the server with this environment on top of the test's own, and waits until the broker answers. The log
     * starts empty.
     */
    public ServerProcess start(Map<String, String> environment) {
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(log());
            prepare(environment);
            ProcessBuilder builder = new ProcessBuilder(command()).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            builder.environment().putAll(environment);
            builder.environment().putAll(serverEnvironment());
            long started = System.nanoTime();
            process = builder.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(baseUrl().resolve("v1/sys/health")).timeout(Duration.ofSeconds(5)).build();
            await(name + " answering " + health.uri()).atMost(BOOT_LIMIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .failFast(name + " exited; see " + log(), () -> !process.isAlive())
                    .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            boot = Duration.ofNanos(System.nanoTime() - started);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident memory of the server's JVM(s), in MiB, from {@code /proc}. */
    public long residentMebibytes() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .mapToLong(p -> residentKibibytes(p.pid()))
                .sum() / 1024;
    }

    private static long residentKibibytes(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Boot time and memory now, appended to {@code target/server-measurements.txt} and returned as a line. */
    public String measurements(String when) {
        String line = String.format("%s: first 200 on /v1/sys/health after %.1f s; server JVM RSS %d MiB %s",
                name, boot.toMillis() / 1000.0, residentMebibytes(), when);
        try {
            Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "server-measurements.txt"), line + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line;
    }

    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the server the way an operator's SIGTERM would (to the started process only: WildFly's script forwards it to
     * its JVM) and waits up to a minute for the JVMs to end. Then what is left is killed: WildFly 39's
     * {@code standalone.sh} under bash 5.2 keeps waiting for its JVM after the JVM has ended, printing
     * "received TERM signal" in a loop.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> jvms = process.descendants().toList();
        process.destroy();
        for (ProcessHandle jvm : jvms) {
            try {
                jvm.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                jvm.destroyForcibly();
            }
        }
        try {
            if (!process.waitFor(jvms.isEmpty() ? 60 : 2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * {@code kill -9} of the server's JVM(s) and the started process, as a crash or an OOM killer would: no shutdown
     * hook runs, nothing is flushed. Returns once they are gone.
     */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + " survived SIGKILL: pid " + p.pid(), e);
            }
        }
        process = null;
    }

    /** A system property naming a file or directory that the build provides. */
    protected static Path provided(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("-D" + property + " must name an existing path (set by failsafe in the pom); got " + value);
        }
        return Path.of(value).toAbsolutePath();
    }

    /** Deletes a directory tree, if it exists. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Runs a command to completion in this server's directory, failing with its output if it fails. */
    protected void run(List<String> command) throws IOException {
        Path output = work.resolve("setup.log");
        Process setup = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        try {
            if (!setup.waitFor(180, TimeUnit.SECONDS) || setup.exitValue() != 0) {
                setup.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A loopback port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
