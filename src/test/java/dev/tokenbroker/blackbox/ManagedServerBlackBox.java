package dev.tokenbroker.blackbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.tokenbroker.servers.ServerProcess;
import dev.tokenbroker.servers.TestDatabase;

import org.junit.jupiter.api.AfterAll;

/**
 * The black-box suite against a server this test starts itself, on its own PostgreSQL database, configured only
 * through environment variables and the files in {@code server-config/}.
 */
abstract class ManagedServerBlackBox extends BlackBoxSuite {

    private static BlackBoxWorld world;
    private static ServerProcess server;
    private static Http http;

    /** Starts the world and then the server made by {@code factory} in {@code target/system/NAME}. */
    static void start(String name, Function<Path, ServerProcess> factory) {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "system", name);
        world = BlackBoxWorld.fresh(work.resolve("world"));
        Map<String, String> env = new LinkedHashMap<>(world.brokerEnvironment());
        env.putAll(TestDatabase.recreate("broker_blackbox_" + name.replace('-', '_')));
        env.put("BROKER_DATA_DIR", work.resolve("data").toAbsolutePath().toString());
        env.put("BROKER_VAULT_REAPER_INTERVAL", "1s");
        server = factory.apply(work).start(env);
        http = new Http(server.baseUrl());
        System.out.println(server.measurements("after boot"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            System.out.println(server.measurements("after the suite"));
            server.close();
            server = null;
        }
        if (world != null) {
            world.close();
            world = null;
        }
    }

    @Override
    protected Http http() {
        return http;
    }

    @Override
    protected BlackBoxWorld world() {
        return world;
    }
}
