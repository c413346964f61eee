package dev.tokenbroker.github.control;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Builds API paths from names that come from untrusted input. Names are checked against GitHub's own rules before
 * they go into a URL, and every path segment is percent-encoded, so no input can change which endpoint is called.
 */
final class GitHubPaths {

    /** GitHub logins: alphanumerics and single hyphens, at most 39 characters (GHES allows _ too). */
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})");
    /** Repository names: alphanumerics, '.', '-', '_', at most 100 characters, never '.' or '..'. */
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern TEAM_OR_FILE_SEGMENT = Pattern.compile("[^/\\p{Cntrl}]{1,255}");
    /** A full commit id: SHA-1 (40 hex digits) or, in SHA-256 repositories, 64. Never a branch, tag or short id. */
    private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");

    private GitHubPaths() {
    }

    static String login(String login) {
        if (login == null || !LOGIN.matcher(login).matches()) {
            throw new IllegalArgumentException("not a GitHub login: " + printable(login));
        }
        return login;
    }

    static String repository(String name) {
        if (name == null || !REPOSITORY.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a GitHub repository name: " + printable(name));
        }
        return name;
    }

    /**
     * A full commit SHA, so that a read {@code ?ref=} names one immutable commit: a branch name there would read
     * whatever the branch holds at the time.
     */
    static String commitSha(String sha) {
        if (sha == null || !COMMIT_SHA.matcher(sha).matches()) {
            throw new IllegalArgumentException("not a full commit SHA: " + printable(sha));
        }
        return sha;
    }

    /** A file path inside a repository: segments percent-encoded, '/' kept; no empty, '.' or '..' segment. */
    static String filePath(String path) {
        if (path == null || path.isEmpty() || path.length() > 1024) {
            throw new IllegalArgumentException("not a repository file path: " + printable(path));
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!TEAM_OR_FILE_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("not a repository file path: " + printable(path));
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        return out.toString();
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters. */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() > 60 ? clean.substring(0, 60) + "…" : clean) + "'";
    }
}
