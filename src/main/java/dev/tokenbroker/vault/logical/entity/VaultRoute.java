package dev.tokenbroker.vault.logical.entity;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonValue;

/**
 * One path of the Vault API: the request paths it matches, what operations it serves, whether a token is needed,
 * and the handler. {@code existence} tells whether the target of a write exists, for routes where a write to an
 * absent target is a <em>create</em> (vault-api.md §6.4); null elsewhere. {@code createOrUpdate}: either capability
 * admits a write. {@code sudo}: the path is root-protected (§6.4). {@code parameters} turns the request data into
 * the canonical values the ACL's parameter constraints see (§6.5); null means the untyped conversion.
 * {@code lowercaseKey}: see {@link #withLowercasedKey()}.
 */
public record VaultRoute(Pattern pattern, String mountType, Set<Operation> operations, boolean authenticated,
                         boolean plainErrors, Handler handler, Existence existence, boolean createOrUpdate, boolean sudo,
                         Function<Map<String, JsonValue>, Map<String, List<String>>> parameters, boolean lowercaseKey) {

    /** Handles a request whose path matched; {@code match} holds the path's groups. */
    @FunctionalInterface
    public interface Handler {
        VaultResponse handle(VaultRequest request, Matcher match);
    }

    /** Whether the write target exists. */
    @FunctionalInterface
    public interface Existence {
        boolean exists(VaultRequest request, Matcher match);
    }

    public static VaultRoute of(String regex, String mountType, Set<Operation> operations, Handler handler) {
        return new VaultRoute(Pattern.compile(regex), mountType, operations, true, false, handler, null, false, false, null,
                false);
    }

    public VaultRoute unauthenticated() {
        return new VaultRoute(pattern, mountType, operations, false, plainErrors, handler, existence, createOrUpdate, sudo,
                parameters, lowercaseKey);
    }

    /** Every error of this route is sent plain (the login path). */
    public VaultRoute withPlainErrors() {
        return new VaultRoute(pattern, mountType, operations, authenticated, true, handler, existence, createOrUpdate, sudo,
                parameters, lowercaseKey);
    }

    public VaultRoute withExistenceCheck(Existence check) {
        return new VaultRoute(pattern, mountType, operations, authenticated, plainErrors, handler, check, createOrUpdate,
                sudo, parameters, lowercaseKey);
    }

    /** A write is allowed with either {@code update} or {@code create} (the secrets engine's token paths, §6.4). */
    public VaultRoute acceptingCreateOrUpdate() {
        return new VaultRoute(pattern, mountType, operations, authenticated, plainErrors, handler, existence, true, sudo,
                parameters, lowercaseKey);
    }

    /** The ACL must also grant {@code sudo} on the path. */
    public VaultRoute requiringSudo() {
        return new VaultRoute(pattern, mountType, operations, authenticated, plainErrors, handler, existence,
                createOrUpdate, true, parameters, lowercaseKey);
    }

    /** Canonical parameter values typed by this route's schema, instead of the untyped conversion. */
    public VaultRoute withParameters(Function<Map<String, JsonValue>, Map<String, List<String>>> conversion) {
        return new VaultRoute(pattern, mountType, operations, authenticated, plainErrors, handler, existence,
                createOrUpdate, sudo, conversion, lowercaseKey);
    }

    /**
     * The path's last segment names something stored in lower case (a map key, a policy name): the ACL must allow
     * the request under the path as sent and as lowercased, so {@code .../ADMINS} cannot slip past a deny on
     * {@code .../admins}.
     */
    public VaultRoute withLowercasedKey() {
        return new VaultRoute(pattern, mountType, operations, authenticated, plainErrors, handler, existence,
                createOrUpdate, sudo, parameters, true);
    }

    public Matcher match(String path) {
        return pattern.matcher(path);
    }
}
