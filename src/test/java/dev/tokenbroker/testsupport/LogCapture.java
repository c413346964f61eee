package dev.tokenbroker.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The messages one logger writes while a test runs: {@link #attach()} before, {@link #detach()} after. */
public final class LogCapture extends Handler {

    private final String logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public LogCapture(String logger) {
        this.logger = logger;
    }

    public void attach() {
        Logger.getLogger(logger).addHandler(this);
    }

    public void detach() {
        Logger.getLogger(logger).removeHandler(this);
    }

    /** Every message so far, oldest first. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
