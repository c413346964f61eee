package dev.tokenbroker.servers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The broker as the README's run command starts it: {@code bin/start --no-build} (Payara Micro with the embedded H2 in
 * {@code BROKER_DATA_DIR}). The data directory is {@code work/data} and is kept across starts; {@code bin/start}
 * execs the JVM, so the started process is the server itself.
 */
public final class BinStartProcess extends ServerProcess {

    public BinStartProcess(String name, Path work) {
        super(name, work);
    }

    public Path dataDirectory() {
        return work.resolve("data").toAbsolutePath();
    }

    @Override
    protected List<String> command() {
        return List.of("bash", Path.of("bin/start").toAbsolutePath().toString(), "--no-build", "--port", String.valueOf(port));
    }

    @Override
    protected Map<String, String> serverEnvironment() {
        return Map.of("BROKER_DATA_DIR", dataDirectory().toString()); // and bin/start's own JVM options
    }
}
