package dev.tokenbroker.vault.jwtauth.control;

/**
 * The glob of Vault's {@code bound_claims_type=glob}: a port of {@code github.com/ryanuber/go-glob} as it is, quirks
 * included, since roles written for Vault must match the same subjects here. Only {@code *} is special: it matches any
 * run of characters, {@code /} and the empty run included; no {@code ?}, no classes, no escaping, case-sensitive. Each
 * literal part is found at its first occurrence after the previous one, and the last part must end the subject.
 */
public final class GoGlob {

    private static final String GLOB = "*";

    private GoGlob() {
    }

    public static boolean matches(String pattern, String subject) {
        if (pattern.isEmpty()) {
            return subject.isEmpty();
        }
        if (pattern.equals(GLOB)) {
            return true;
        }
        String[] parts = pattern.split("\\*", -1);
        if (parts.length == 1) {
            return subject.equals(pattern);
        }
        boolean leadingGlob = pattern.startsWith(GLOB);
        boolean trailingGlob = pattern.endsWith(GLOB);
        int end = parts.length - 1;
        String rest = subject;
        for (int i = 0; i < end; i++) {
            int index = rest.indexOf(parts[i]);
            if (i == 0) {
                if (!leadingGlob && index != 0) {
                    return false;
                }
            } else if (index < 0) {
                return false;
            }
            rest = rest.substring(index + parts[i].length());
        }
        return trailingGlob || rest.endsWith(parts[end]);
    }
}
