package dev.tokenbroker.platform.control;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of {@code broker.*} settings: a bare integer is seconds; otherwise a sequence of numbers
 * with Go-style units as Vault writes them ({@code 250ms}, {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 7d}).
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,12}(?:ms|s|m|h|d))+");

    /** Longer is a typo; bounding it keeps every conversion (e.g. to milliseconds) from overflowing. */
    static final Duration LONGEST = Duration.ofDays(36_500);

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no duration given");
        }
        String s = text.trim();
        if (s.matches("\\d{1,12}")) {
            Duration seconds = Duration.ofSeconds(Long.parseLong(s));
            if (seconds.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("'" + s + "' seconds is longer than " + LONGEST.toDays() + "d");
            }
            return seconds;
        }
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + abbreviate(s) + "' is not a duration; write seconds (30) or "
                    + "numbers with units ms, s, m, h, d (90s, 5m, 1h30m, 7d)");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        if (total.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("'" + abbreviate(s) + "' is longer than " + LONGEST.toDays() + "d");
        }
        return total;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
