package dev.tokenbroker.platform.control;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Applies {@code broker.log.format} when the WAR starts and gives the loggers back to the server when it stops. An
 * unknown value is a configuration problem (readiness fails, naming the key) and leaves the server's text format.
 * It runs before the other start-up observers, so their lines are in the chosen format too.
 */
@ApplicationScoped
public class LogFormatSetup {

    @Inject
    Settings settings;

    void atStartup(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object start) {
        String value = settings.text(LogLines.FORMAT, "text");
        try {
            LogLines.use(LogLines.parse(value));
        } catch (IllegalArgumentException e) {
            settings.report(LogLines.FORMAT, e.getMessage());
        }
    }

    void atShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stop) {
        LogLines.release();
    }
}
