package dev.tokenbroker.vault.logical.control;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's duration grammar ({@code ParseDurationSecond}, vault-api.md §1.5) and Go's way of printing durations, as
 * Vault's warnings show them.
 */
public final class VaultDurations {

    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern GO_WHOLE = Pattern.compile("(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h))+");

    private VaultDurations() {
    }

    /** Go's longest duration, {@code math.MaxInt64} nanoseconds, in whole seconds; Vault refuses anything longer. */
    static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    /** Whole seconds from Vault's duration text. @throws IllegalArgumentException with the cause text */
    public static long parseSeconds(String text) {
        long seconds = parseUnbounded(text);
        if (seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("time: invalid duration " + quote(abbreviate(text.trim()))
                    + ": longer than " + MAX_SECONDS + "s");
        }
        return seconds;
    }

    private static long parseUnbounded(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return 0;
        }
        if (s.matches("-?\\d+")) {
            if (s.length() > 19) {
                throw new IllegalArgumentException("time: invalid duration " + quote(abbreviate(s)));
            }
            return nonNegative(new BigDecimal(s).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue());
        }
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("cannot provide negative value '" + s + "'");
        }
        if (s.endsWith("d")) {
            String days = s.substring(0, s.length() - 1);
            if (!days.matches("\\d{1,9}")) {
                throw new IllegalArgumentException("invalid duration " + quote(s));
            }
            return Long.parseLong(days) * 86_400;
        }
        if (!GO_WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("time: invalid duration " + quote(s));
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = GO_PART.matcher(s);
        while (m.find()) {
            BigDecimal value = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(value.multiply(BigDecimal.valueOf(unit)));
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("time: invalid duration " + quote(abbreviate(s)));
        }
        return nanos.divideToIntegralValue(BigDecimal.valueOf(1_000_000_000L)).longValueExact();
    }

    /**
     * Durations as Vault's warnings print them (vault-api.md §4.5): {@code <h>h}, then {@code <m>m} if m &gt; 0, then
     * {@code <s>s} if s &gt; 0; without hours {@code <m>m} (plus seconds); otherwise {@code <s>s}. Examples:
     * {@code 768h}, {@code 1h30m}, {@code 1h30s}, {@code 1m30s}, {@code 0s}.
     */
    public static String format(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (s > 0 || b.length() == 0) {
            b.append(s).append('s');
        }
        return b.toString();
    }

    private static long nonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("cannot provide negative value '" + value + "'");
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
