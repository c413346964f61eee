package dev.tokenbroker.platform.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code thread}, {@code request_id} (when the
 * line belongs to a request), {@code message} and {@code exception} (the stack trace). An audit event
 * ({@code dev.tokenbroker.audit}) is itself JSON and is nested as {@code audit} instead of {@code message}, so a
 * pipeline reads its fields without parsing twice. Writes are synchronised, so lines never interleave.
 */
final class JsonLogHandler extends Handler {

    static final String AUDIT_LOGGER = "dev.tokenbroker.audit";

    private final OutputStream out;
    private final SimpleFormatter parameters = new SimpleFormatter();

    JsonLogHandler(OutputStream out) {
        this.out = out;
        setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        byte[] line = (line(record) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                reportError("a log line could not be written", e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    String line(LogRecord record) {
        JsonObjectBuilder json = CachedJson.createObjectBuilder()
                .add("time", Instant.ofEpochMilli(record.getMillis()).toString())
                .add("level", record.getLevel().getName())
                .add("logger", String.valueOf(record.getLoggerName()))
                .add("thread", Thread.currentThread().getName());
        CurrentRequest.id().ifPresent(id -> json.add("request_id", id));
        String message = parameters.formatMessage(record);
        JsonObject audit = AUDIT_LOGGER.equals(record.getLoggerName()) ? auditEvent(message) : null;
        if (audit != null) {
            json.add("audit", audit);
        } else {
            json.add("message", message == null ? "" : message);
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            json.add("exception", trace.toString());
        }
        return json.build().toString();
    }

    private static JsonObject auditEvent(String message) {
        try {
            JsonValue value = JsonText.read(message);
            return value instanceof JsonObject object ? object : null;
        } catch (JsonText.Invalid | RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            reportError("the log could not be flushed", e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
