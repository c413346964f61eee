package dev.tokenbroker.blackbox;

import dev.tokenbroker.servers.WildFlyProcess;

import org.junit.jupiter.api.BeforeAll;

/** The black-box suite on WildFly 39 with PostgreSQL. */
class WildFlyBlackBoxIT extends ManagedServerBlackBox {

    @BeforeAll
    static void startServer() {
        start("wildfly", work -> new WildFlyProcess("WildFly 39.0.1.Final", work));
    }
}
