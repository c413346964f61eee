package dev.tokenbroker.policy.control;

import java.util.List;
import java.util.function.Function;

import dev.tokenbroker.policy.entity.PolicyFile;

/**
 * Where policy files live (actions-exchange.md §5.1) and the rule that the first path that exists wins:
 * {@code .yaml} before {@code .yml}, so a newly added {@code .yaml} takes over from an old {@code .yml}.
 */
public final class PolicyLocations {

    /** The repository holding an owner's policy. */
    public static final String OWNER_POLICY_REPOSITORY = ".github-access-token";
    public static final List<String> OWNER_POLICY_PATHS = List.of("access-token.yaml", "access-token.yml");
    public static final List<String> REPOSITORY_POLICY_PATHS = List.of(".github/access-token.yaml", ".github/access-token.yml");

    private PolicyLocations() {
    }

    /** Reads the paths in order and returns the first result that is not {@link PolicyFile.Absent}. */
    public static <T> PolicyFile<T> firstPresent(List<String> paths, Function<String, PolicyFile<T>> read) {
        PolicyFile<T> result = new PolicyFile.Absent<>();
        for (String path : paths) {
            result = read.apply(path);
            if (!(result instanceof PolicyFile.Absent<T>)) {
                return result;
            }
        }
        return result;
    }
}
