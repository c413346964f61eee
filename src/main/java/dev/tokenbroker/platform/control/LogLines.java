package dev.tokenbroker.platform.control;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * The broker's loggers, so that every line a request causes names that request ({@link CurrentRequest}): as a
 * {@code [request <id>]} prefix on the message in the server's own format ({@code broker.log.format=text}, the
 * default), or as the {@code request_id} field of one JSON object per line on the process's standard output
 * ({@code json}, for log pipelines; see {@link JsonLogHandler}).
 *
 * <p>The servers own log formatting (Payara's and Liberty's JUL formatters, WildFly's JBoss LogManager), so the id
 * is put into the record itself by a filter on each broker logger, which runs on the logging thread before any
 * handler, even an asynchronous one. Get loggers with {@link #logger(Class)} instead of {@link Logger#getLogger}.
 */
public final class LogLines {

    public static final String FORMAT = "broker.log.format";

    /** The logger every broker logger descends from; in JSON mode its handler writes all of their lines. */
    public static final String ROOT = "dev.tokenbroker";

    public enum Format { TEXT, JSON }

    private static volatile Format format = Format.TEXT;
    private static Handler jsonHandler;

    private static final Filter NAME_THE_REQUEST = record -> {
        if (format == Format.TEXT) {
            CurrentRequest.id().ifPresent(id -> record.setMessage(prefix(id) + Objects.toString(record.getMessage(), "")));
        }
        return true;
    };

    /** Held strongly: JUL keeps loggers weakly, and a collected logger would come back without its filter. */
    private static final List<Logger> LOGGERS = new CopyOnWriteArrayList<>();
    private static final Logger ROOT_LOGGER = Logger.getLogger(ROOT);


    private LogLines() {
    }

    /** The logger named after {@code owner}, which names the current request on every line. */
    public static Logger logger(Class<?> owner) {
        Logger logger = Logger.getLogger(owner.getName());
        logger.setFilter(NAME_THE_REQUEST);
        LOGGERS.add(logger);
        return logger;
    }

    /** {@code text} or {@code json}, case-insensitive. */
    public static Format parse(String value) {
        try {
            return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FORMAT + " must be text or json, not '" + value + "'", e);
        }
    }

    /** Switches every broker logger to {@code chosen}, JSON lines going to the process's standard output. */
    public static void use(Format chosen) {
        use(chosen, new FileOutputStream(FileDescriptor.out));
    }

    /**
     * Switches to {@code chosen}; JSON lines go to {@code out}. Standard output is opened by its file descriptor:
     * WildFly replaces {@code System.out} with a logger, which would wrap each JSON line in a text line.
     */
    static synchronized void use(Format chosen, OutputStream out) {
        reset();
        if (chosen == Format.JSON) {
            jsonHandler = new JsonLogHandler(out);
            ROOT_LOGGER.addHandler(jsonHandler);
            ROOT_LOGGER.setUseParentHandlers(false);
        }
        format = chosen;
    }

    /** Back to the server's own handlers and format (at undeployment, so no logger keeps the WAR's classes). */
    public static synchronized void reset() {
        format = Format.TEXT;
        if (jsonHandler != null) {
            ROOT_LOGGER.removeHandler(jsonHandler);
            ROOT_LOGGER.setUseParentHandlers(true);
            jsonHandler.flush();
            jsonHandler = null;
        }
    }

    /** Forgets the filters, at undeployment. */
    public static synchronized void release() {
        reset();
        for (Logger logger : LOGGERS) {
            if (logger.getFilter() == NAME_THE_REQUEST) {
                logger.setFilter(null);
            }
        }
        LOGGERS.clear();
    }

    static String prefix(String requestId) {
        return "[request " + requestId + "] ";
    }

    static Format format() {
        return format;
    }
}
