package dev.tokenbroker.platform.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A point in time by which the current unit of work (one exchange) must be done, kept per thread so every wait can be
 * bounded by it without every method passing it on: the GitHub transport gives each attempt at most the time left
 * (and refuses one when none is left), the client does not wait out a rate limit that lifts after it, and a cache
 * does not wait longer for another caller's load. The work runs on the caller's own thread, so a deadline costs no thread hop; work handed to other
 * threads takes the deadline along with {@link #carriedTo(Callable)}.
 */
public final class CallDeadline {

    private static final ThreadLocal<Instant> CURRENT = new ThreadLocal<>();

    private CallDeadline() {
    }

    /** Runs {@code work} with the deadline {@code until} on this thread, restoring the previous one afterwards. */
    public static <T> T within(Instant until, Supplier<T> work) {
        Instant previous = CURRENT.get();
        CURRENT.set(previous != null && previous.isBefore(until) ? previous : until);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** {@code task} running under this thread's deadline, on whichever thread runs it. */
    public static <T> Callable<T> carriedTo(Callable<T> task) {
        Instant until = CURRENT.get();
        if (until == null) {
            return task;
        }
        return () -> within(until, () -> {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The time left before this thread's deadline (possibly zero or negative), or empty without one. */
    public static Optional<Duration> remaining(Instant now) {
        Instant until = CURRENT.get();
        return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
    }
}
