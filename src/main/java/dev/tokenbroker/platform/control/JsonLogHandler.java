package dev.tokenbroker.platform.control;

import java.io.IOException;
import java.io.OutputStream;
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
            json.add("exception", trace(record.getThrown()));
        }
        return json.build().toString();
    }

    /** At most this many frames of each throwable, and this many causes: one log line stays a readable size. */
    static final int MAX_FRAMES = 64;
    static final int MAX_CAUSES = 8;

    /**
     * The throwable as a stack trace is usually written ({@code Type: message}, {@code at ...} frames, {@code Caused by:}),
     * bounded by {@link #MAX_FRAMES} and {@link #MAX_CAUSES}; it goes into the record's JSON, nowhere else.
     */
    static String trace(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        Throwable current = thrown;
        for (int depth = 0; current != null && depth <= MAX_CAUSES; depth++, current = current.getCause()) {
            out.append(depth == 0 ? "" : "Caused by: ").append(current).append('\n');
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                out.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > MAX_FRAMES) {
                out.append("\t... ").append(frames.length - MAX_FRAMES).append(" more\n");
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return out.toString();
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
