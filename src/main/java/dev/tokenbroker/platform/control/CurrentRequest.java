package dev.tokenbroker.platform.control;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The id of the request this thread is serving, so that everything the request causes can name it: the response
 * header, the Vault envelope's {@code request_id}, every audit event ({@code AuditLog} adds it) and every log line
 * ({@link LogLines}). The caller's id is
 * taken when it is 1–255 characters of {@code [A-Za-z0-9_=-]}, else a new UUID is made.
 */
public final class CurrentRequest {

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9_=-]{1,255}");
    private static final ThreadLocal<String> ID = new ThreadLocal<>();

    private CurrentRequest() {
    }

    /** The offered id if it is acceptable, else a new one. */
    public static String choose(String offered) {
        return offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    /** This thread now serves request {@code id}; call {@link #leave()} in a {@code finally}. */
    public static void enter(String id) {
        ID.set(id);
    }

    /** This thread is done with its request. */
    public static void leave() {
        ID.remove();
    }

    /** {@code task} naming this thread's request, on whichever thread runs it. */
    public static <T> Callable<T> carriedTo(Callable<T> task) {
        String id = ID.get();
        if (id == null) {
            return task;
        }
        return () -> {
            String previous = ID.get();
            ID.set(id);
            try {
                return task.call();
            } finally {
                if (previous == null) {
                    ID.remove();
                } else {
                    ID.set(previous);
                }
            }
        };
    }

    /** The id of the request this thread serves, if it serves one. */
    public static Optional<String> id() {
        return Optional.ofNullable(ID.get());
    }
}
