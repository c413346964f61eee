package dev.tokenbroker.policy.control;

import dev.tokenbroker.policy.entity.CallerClaims;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Derives the effective subjects of a caller (contract §6.1): the raw {@code sub} plus artificial subjects built only
 * from signed claims, in both the immutable ({@code owner@id/name@id}) and the legacy ({@code owner/name}) repository
 * form. Policies are written in one form or the other, and GitHub's {@code sub} may be in either form or customised;
 * listing both lets a pattern mean the same thing whatever format the caller's repository uses.
 */
public final class EffectiveSubjects {

    private static final String HEADS = "refs/heads/";
    private static final String TAGS = "refs/tags/";

    private EffectiveSubjects() {
    }

    /** The caller's effective subjects in §6.1 order, de-duplicated keeping each first occurrence. */
    public static List<String> derive(CallerClaims claims, boolean environmentSubjects) {
        Objects.requireNonNull(claims, "claims");
        String legacy = claims.repository();
        String immutable = claims.repositoryOwner() + "@" + claims.repositoryOwnerId() + "/"
                + claims.repositoryName() + "@" + claims.repositoryId();
        Set<String> subjects = new LinkedHashSet<>();
        subjects.add(claims.sub());
        claims.ref()
                .filter(EffectiveSubjects::isBranchOrTag)
                .ifPresent(ref -> addPair(subjects, immutable, legacy, "ref", ref));
        claims.workflowRef()
                .filter(workflowRef -> isBranchOrTag(refOfWorkflow(workflowRef)))
                .ifPresent(workflowRef -> addPair(subjects, immutable, legacy, "workflow_ref", workflowRef));
        claims.jobWorkflowRef()
                .filter(jobWorkflowRef -> isBranchOrTag(refOfWorkflow(jobWorkflowRef)))
                .ifPresent(jobWorkflowRef -> addPair(subjects, immutable, legacy, "job_workflow_ref", jobWorkflowRef));
        if (environmentSubjects) {
            claims.environment()
                    .map(environment -> environment.replace(":", "%3A"))
                    .ifPresent(environment -> addPair(subjects, immutable, legacy, "environment", environment));
        }
        return List.copyOf(subjects);
    }

    /** The default {@code allowed-subjects} pattern of §8.1 step E7 for an owner policy without that key. */
    public static String defaultAllowedSubject(String owner, long ownerAccountId, String rawSub) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(rawSub, "rawSub");
        return rawSub.indexOf('@') >= 0
                ? "repo:" + owner + "@" + ownerAccountId + "/*:**"
                : "repo:" + owner + "/*:**";
    }

    /** The text of a (job_)workflow_ref after its first {@code @}, up to any next {@code @}; empty without one. */
    static String refOfWorkflow(String workflowRef) {
        int at = workflowRef.indexOf('@');
        if (at < 0) {
            return "";
        }
        int next = workflowRef.indexOf('@', at + 1);
        return workflowRef.substring(at + 1, next < 0 ? workflowRef.length() : next);
    }

    private static boolean isBranchOrTag(String ref) {
        return ref.startsWith(HEADS) || ref.startsWith(TAGS);
    }

    private static void addPair(Set<String> subjects, String immutable, String legacy, String claim, String value) {
        subjects.add("repo:" + immutable + ":" + claim + ":" + value);
        subjects.add("repo:" + legacy + ":" + claim + ":" + value);
    }
}
