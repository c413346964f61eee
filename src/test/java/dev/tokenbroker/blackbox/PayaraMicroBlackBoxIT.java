package dev.tokenbroker.blackbox;

import dev.tokenbroker.servers.PayaraMicroProcess;

import org.junit.jupiter.api.BeforeAll;

/** The black-box suite on Payara Micro with PostgreSQL. */
class PayaraMicroBlackBoxIT extends ManagedServerBlackBox {

    @BeforeAll
    static void startServer() {
        start("payara-micro", work -> new PayaraMicroProcess("Payara Micro 6.2025.10", work));
    }
}
