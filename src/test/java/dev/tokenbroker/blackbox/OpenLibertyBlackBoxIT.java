package dev.tokenbroker.blackbox;

import dev.tokenbroker.servers.OpenLibertyProcess;

import org.junit.jupiter.api.BeforeAll;

/** The black-box suite on Open Liberty 26 with PostgreSQL. */
class OpenLibertyBlackBoxIT extends ManagedServerBlackBox {

    @BeforeAll
    static void startServer() {
        start("openliberty", work -> new OpenLibertyProcess("Open Liberty 26.0.0.3", work));
    }
}
