package dev.tokenbroker.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock moved forward by an offset a test sets, so the simulator, the OIDC issuer and the broker (through
 * {@code it.TestClockResource}) can all live a minute later without anyone waiting a minute. Never moves back: caches
 * and gates the broker keeps would otherwise come back to life.
 */
public final class ShiftedClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves this clock forward; @return the new offset from the system clock */
    public Duration advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a shifted clock only moves forward");
        }
        return offset.updateAndGet(o -> o.plus(by));
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
