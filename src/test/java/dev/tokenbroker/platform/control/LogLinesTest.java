package dev.tokenbroker.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.testsupport.LogCapture;

class LogLinesTest {

    private static final Logger LOG = LogLines.logger(LogLinesTest.class);
    private final LogCapture capture = new LogCapture(LogLinesTest.class.getName());

    @AfterEach
    void restore() {
        capture.detach();
        LogLines.reset();
        CurrentRequest.leave();
    }

    @Test
    void aLineLoggedWhileServingARequestNamesIt() {
        capture.attach();
        CurrentRequest.enter("req-42");
        LOG.info("GitHub answered slowly");
        CurrentRequest.leave();
        LOG.info("the reaper ran");

        assertThat(capture.lines()).containsExactly("[request req-42] GitHub answered slowly", "the reaper ran");
    }

    @Test
    void aTaskHandedToAnotherThreadNamesTheRequestThatHandedItOver() throws Exception {
        capture.attach();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CurrentRequest.enter("req-pool");
            pool.submit(CurrentRequest.carriedTo(() -> {
                LOG.info("read a policy");
                return null;
            })).get();
            CurrentRequest.leave();
            pool.submit(() -> LOG.info("after")).get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(capture.lines()).containsExactly("[request req-pool] read a policy", "after");
    }

    @Test
    void jsonLinesCarryTheRequestAsAFieldAndReplaceTheServersHandlers() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogLines.use(LogLines.Format.JSON, out);
        assertThat(Logger.getLogger(LogLines.ROOT).getUseParentHandlers()).isFalse();
        capture.attach();

        CurrentRequest.enter("req-json");
        LOG.log(Level.WARNING, "GitHub said \"no\"\nand a second line", new IllegalStateException("boom"));
        CurrentRequest.leave();
        LOG.fine("not logged at FINE by default");

        List<JsonObject> lines = lines(out);
        assertThat(lines).hasSize(1);
        JsonObject line = lines.get(0);
        assertThat(line.getString("request_id")).isEqualTo("req-json");
        assertThat(line.getString("level")).isEqualTo("WARNING");
        assertThat(line.getString("logger")).isEqualTo(LogLinesTest.class.getName());
        assertThat(line.getString("message")).as("no text prefix in JSON").isEqualTo("GitHub said \"no\"\nand a second line");
        assertThat(line.getString("exception")).contains("IllegalStateException: boom");
        assertThat(line.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(capture.lines()).containsExactly("GitHub said \"no\"\nand a second line");

        LogLines.reset();
        assertThat(Logger.getLogger(LogLines.ROOT).getUseParentHandlers()).isTrue();
        LOG.info("back to the server's handlers");
        assertThat(lines(out)).hasSize(1);
    }

    @Test
    void anAuditEventIsNestedAsJsonNotQuotedAsAMessage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogLines.use(LogLines.Format.JSON, out);

        CurrentRequest.enter("req-audit");
        Logger.getLogger(JsonLogHandler.AUDIT_LOGGER).info("{\"event\":\"vault.login\",\"requestId\":\"req-audit\"}");
        CurrentRequest.leave();

        JsonObject line = lines(out).get(0);
        assertThat(line.getJsonObject("audit").getString("event")).isEqualTo("vault.login");
        assertThat(line.containsKey("message")).isFalse();
        assertThat(line.getString("request_id")).isEqualTo("req-audit");
    }

    @Test
    void anExceptionsTraceIsBoundedAndKeepsItsCauses() {
        RuntimeException deep = new RuntimeException("outer", new IllegalArgumentException("inner"));
        StackTraceElement frame = new StackTraceElement("a.B", "c", "B.java", 1);
        StackTraceElement[] frames = new StackTraceElement[JsonLogHandler.MAX_FRAMES + 10];
        java.util.Arrays.fill(frames, frame);
        deep.setStackTrace(frames);
        String trace = JsonLogHandler.trace(deep);
        assertThat(trace).startsWith("java.lang.RuntimeException: outer\n").contains("\t... 10 more\n",
                "Caused by: java.lang.IllegalArgumentException: inner");
        assertThat(trace.lines().filter(l -> l.equals("\tat a.B.c(B.java:1)"))).hasSize(JsonLogHandler.MAX_FRAMES);
    }

    @Test
    void onlyTextAndJsonAreFormats() {
        assertThat(LogLines.parse(" JSON ")).isEqualTo(LogLines.Format.JSON);
        assertThat(LogLines.parse("text")).isEqualTo(LogLines.Format.TEXT);
        assertThatThrownBy(() -> LogLines.parse("logfmt")).hasMessageContaining("broker.log.format must be text or json");
    }

    private static List<JsonObject> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines()
                .map(l -> CachedJson.createReader(new StringReader(l)).readObject()).toList();
    }
}
