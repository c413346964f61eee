package dev.tokenbroker.github.control;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads GitHub's {@code Link} pagination header ({@code <url>; rel="next", <url>; rel="last"}). The URLs are
 * followed exactly as given, never rebuilt: GitHub changes their path form between pages.
 */
final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    private LinkHeader() {
    }

    /** The URL with relation {@code next}, if the header has one. */
    static Optional<String> next(String header) {
        return relation(header, "next");
    }

    static Optional<String> relation(String header, String wanted) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher rel = REL.matcher(link.group(2));
            while (rel.find()) {
                for (String r : rel.group(1).trim().split("\\s+")) {
                    if (r.equalsIgnoreCase(wanted)) {
                        return Optional.of(link.group(1).trim());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
