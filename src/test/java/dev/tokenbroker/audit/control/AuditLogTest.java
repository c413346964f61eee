package dev.tokenbroker.audit.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.platform.control.CurrentRequest;
import dev.tokenbroker.testsupport.LogCapture;
import dev.tokenbroker.testsupport.MutableClock;

/** Every audit event of a request names the request (issue 16): the same id as the response header and envelope. */
class AuditLogTest {

    private final LogCapture capture = new LogCapture(AuditLog.LOGGER);
    private final List<String> lines = capture.lines();
    private final AuditLog audit = new AuditLog(new MutableClock(Instant.parse("2026-12-02T10:00:00Z")));

    @BeforeEach
    void capture() {
        capture.attach();
    }

    @AfterEach
    void release() {
        capture.detach();
        CurrentRequest.leave();
    }

    @Test
    void anEventDuringARequestCarriesItsId() {
        CurrentRequest.enter("req-42");
        audit.record("vault.token", Map.of("operation", "create"));
        assertThat(lines).singleElement().asString().contains("\"requestId\":\"req-42\"");
    }

    @Test
    void anEventOutsideARequestHasNoIdAndAnExplicitIdWins() {
        audit.record("github.lease.revoke", Map.of("decision", "revoked"));
        CurrentRequest.enter("req-42");
        audit.record("exchange", Map.of("requestId", "from-the-exchange"));
        assertThat(lines.get(0)).doesNotContain("requestId");
        assertThat(lines.get(1)).contains("\"requestId\":\"from-the-exchange\"").doesNotContain("req-42");
    }

    @Test
    void onlyAnAcceptableOfferedIdIsTaken() {
        assertThat(CurrentRequest.choose("abc-DEF_1=")).isEqualTo("abc-DEF_1=");
        assertThat(CurrentRequest.choose("has space")).matches("[0-9a-f-]{36}");
        assertThat(CurrentRequest.choose("x".repeat(256))).matches("[0-9a-f-]{36}");
        assertThat(CurrentRequest.choose(null)).matches("[0-9a-f-]{36}");
    }
}
