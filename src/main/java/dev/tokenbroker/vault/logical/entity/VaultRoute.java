package dev.tokenbroker.vault.logical.entity;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonValue;

/**
 * One path of the Vault API: the request paths it matches, what operations it serves, the handler, and its
 * {@link Trait traits}. {@code existence} tells whether the target of a write exists, for routes where a write to an
 * absent target is a <em>create</em> (vault-api.md §6.4); null elsewhere. {@code parameters} turns the request data
 * into the canonical values the ACL's parameter constraints see (§6.5); null means the untyped conversion.
 */
public record VaultRoute(Pattern pattern, String mountType, Set<Operation> operations, Handler handler, Set<Trait> traits,
                         Existence existence, Function<Map<String, JsonValue>, Map<String, List<String>>> parameters) {

    /** How a route departs from the usual: authenticated, wrapped errors, the operation's own capability. */
    public enum Trait {
        /** No token is needed (login, health). */
        UNAUTHENTICATED,
        /** Every error is sent plain (the login path). */
        PLAIN_ERRORS,
        /** A write is allowed with either {@code update} or {@code create} (the secrets engine's token paths, §6.4). */
        CREATE_OR_UPDATE,
        /** The ACL must also grant {@code sudo} on the path. */
        SUDO,
        /**
         * The path's last segment names something stored in lower case (a map key, a policy name): the ACL must allow
         * the request under the path as sent and as lowercased, so {@code .../ADMINS} cannot slip past a deny on
         * {@code .../admins}.
         */
        LOWERCASED_KEY,
        /**
         * A token is needed, but the path itself is not checked against the ACL: the handler answers from what the
         * token may do elsewhere (Vault's {@code sys/internal/ui/mounts} preflight).
         */
        OWN_ACL_CHECK
    }

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

    public VaultRoute {
        traits = traits.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(traits));
    }

    public static VaultRoute of(String regex, String mountType, Set<Operation> operations, Handler handler) {
        return new VaultRoute(Pattern.compile(regex), mountType, operations, handler, Set.of(), null, null);
    }

    public VaultRoute unauthenticated() {
        return with(Trait.UNAUTHENTICATED);
    }

    public VaultRoute withPlainErrors() {
        return with(Trait.PLAIN_ERRORS);
    }

    public VaultRoute acceptingCreateOrUpdate() {
        return with(Trait.CREATE_OR_UPDATE);
    }

    public VaultRoute requiringSudo() {
        return with(Trait.SUDO);
    }

    public VaultRoute withLowercasedKey() {
        return with(Trait.LOWERCASED_KEY);
    }

    public VaultRoute checkingTheAclItself() {
        return with(Trait.OWN_ACL_CHECK);
    }

    public VaultRoute withExistenceCheck(Existence check) {
        return new VaultRoute(pattern, mountType, operations, handler, traits, check, parameters);
    }

    /** Canonical parameter values typed by this route's schema, instead of the untyped conversion. */
    public VaultRoute withParameters(Function<Map<String, JsonValue>, Map<String, List<String>>> conversion) {
        return new VaultRoute(pattern, mountType, operations, handler, traits, existence, conversion);
    }

    private VaultRoute with(Trait trait) {
        EnumSet<Trait> more = EnumSet.of(trait);
        more.addAll(traits);
        return new VaultRoute(pattern, mountType, operations, handler, more, existence, parameters);
    }

    public boolean authenticated() {
        return !traits.contains(Trait.UNAUTHENTICATED);
    }

    public boolean plainErrors() {
        return traits.contains(Trait.PLAIN_ERRORS);
    }

    public boolean createOrUpdate() {
        return traits.contains(Trait.CREATE_OR_UPDATE);
    }

    public boolean sudo() {
        return traits.contains(Trait.SUDO);
    }

    public boolean lowercaseKey() {
        return traits.contains(Trait.LOWERCASED_KEY);
    }

    public Matcher match(String path) {
        return pattern.matcher(path);
    }
}
