package dev.tokenbroker.blackbox;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The black-box suite against a broker that runs elsewhere ({@code -Dblackbox.base-url=...}), configured for the
 * world this suite starts on fixed ports; the README's "Black-box suite" section gives the command.
 */
@EnabledIfSystemProperty(named = "blackbox.base-url", matches = ".+")
class ExternalBrokerBlackBoxIT extends BlackBoxSuite {

    private static BlackBoxWorld world;
    private static Http http;

    @BeforeAll
    static void start() {
        world = BlackBoxWorld.fromSystemProperties();
        http = new Http(URI.create(System.getProperty("blackbox.base-url")));
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
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
