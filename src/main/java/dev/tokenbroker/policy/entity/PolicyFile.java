package dev.tokenbroker.policy.entity;

import java.util.List;

/**
 * What reading one policy location gave: a valid policy, nothing, an invalid file (with details for its author),
 * or a refusal by GitHub that is not a rate limit. Transient trouble (GitHub down, rate limited) is not a
 * {@code PolicyFile}: it is thrown, so that an outage never looks like a policy mistake.
 */
public sealed interface PolicyFile<T> {

    record Found<T>(T policy) implements PolicyFile<T> {
    }

    record Absent<T>() implements PolicyFile<T> {
    }

    record Invalid<T>(List<String> details) implements PolicyFile<T> {
        public Invalid {
            details = List.copyOf(details);
        }
    }

    /** GitHub refused the read (403 without rate-limit markers: SSO, IP allow list, missing permission). */
    record Refused<T>(int status) implements PolicyFile<T> {
    }
}
