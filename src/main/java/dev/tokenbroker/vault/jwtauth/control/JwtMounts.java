package dev.tokenbroker.vault.jwtauth.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.platform.control.Settings;

/**
 * Where the JWT auth method is mounted: {@code broker.vault.jwt-auth.mounts}, comma-separated names ({@code jwt} by
 * default; e.g. {@code jwt,jwt-ghes} for a second issuer). A name is 1–64 of {@code [a-z0-9_-]}, not a mount the
 * broker has already; a bad one is reported (readiness names the key) and left out.
 */
@ApplicationScoped
public class JwtMounts {

    public static final String MOUNTS = "broker.vault.jwt-auth.mounts";
    /** The shipped mounts, also what routes are built from outside CDI. */
    public static final List<String> DEFAULT = List.of("jwt");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> TAKEN = Set.of("github", "token");

    @Inject
    Settings settings;

    private List<String> names = DEFAULT;

    @PostConstruct
    void read() {
        List<String> read = new ArrayList<>();
        for (String entry : settings.text(MOUNTS, String.join(",", DEFAULT)).split(",")) {
            String name = entry.trim();
            if (name.isEmpty() || read.contains(name)) {
                continue;
            }
            if (!NAME.matcher(name).matches() || TAKEN.contains(name)) {
                settings.report(MOUNTS, MOUNTS + ": '" + name + "' is not a mount name the JWT method can take "
                        + "(1-64 of a-z, 0-9, _ and -, not github or token); left out");
                continue;
            }
            read.add(name);
        }
        names = List.copyOf(read);
    }

    /** The mount names, in the configured order. */
    public List<String> names() {
        return names;
    }

    /** The login path of a mount's tokens, as stored with each: {@code auth/jwt/login}. */
    public static String loginPath(String mount) {
        return "auth/" + mount + "/login";
    }

    /** The mount whose login made a token with this path, if it is one of these mounts. */
    public java.util.Optional<String> mountOfLoginPath(String path) {
        return names.stream().filter(m -> loginPath(m).equals(path)).findFirst();
    }
}
