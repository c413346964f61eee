package dev.tokenbroker.platform.control;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants as microseconds since the epoch, the way the tables store them (a {@code BIGINT}). JPA 3.1 does not map
 * {@link Instant}: EclipseLink (Payara, Open Liberty) would store it as serialised bytes, Hibernate (WildFly) as a
 * timestamp, so the same database would differ by server and be unreadable to operators. Microseconds are what a
 * PostgreSQL timestamp holds; finer digits are dropped.
 */
public final class EpochMicros {

    private EpochMicros() {
    }

    public static Long of(Instant instant) {
        return instant == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static Instant instant(Long micros) {
        return micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
