package dev.tokenbroker.policy.entity;

import java.util.Locale;
import java.util.Optional;

/** A permission level. Levels rank {@code read < write < admin}; parsing is case-sensitive, as GitHub's is. */
public enum Level {
    READ, WRITE, ADMIN;

    public static Optional<Level> parse(String text) {
        return switch (text == null ? "" : text) {
            case "read" -> Optional.of(READ);
            case "write" -> Optional.of(WRITE);
            case "admin" -> Optional.of(ADMIN);
            default -> Optional.empty();
        };
    }

    public boolean atLeast(Level other) {
        return compareTo(other) >= 0;
    }

    public static Level max(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** As written on the wire and in policy files: {@code read}, {@code write}, {@code admin}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wire();
    }
}
