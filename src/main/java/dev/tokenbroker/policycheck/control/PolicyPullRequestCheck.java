package dev.tokenbroker.policycheck.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.exchange.control.GitHubPolicySource;
import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.InstallationToken;
import dev.tokenbroker.github.entity.RepositoryFile;
import dev.tokenbroker.github.entity.TokenRequest;
import dev.tokenbroker.github.entity.UnreadableFileException;
import dev.tokenbroker.platform.control.LogLines;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyLocations;
import dev.tokenbroker.policy.control.PolicyValidator;
import dev.tokenbroker.policy.control.PolicyYaml;
import dev.tokenbroker.policy.entity.Finding;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.PolicyFile;

/**
 * The check of one pull request's (or push's) policy files, run off the request thread: an installation token
 * limited to the repository ({@code checks: write}, {@code pull_requests: read}, {@code contents: read}), the changed
 * files that are policy files ({@code .github/access-token.yaml}/{@code .yml}; in {@code .github-access-token} also
 * {@code access-token.yaml}/{@code .yml} at the root), each read at the head commit and validated (a repository
 * policy also against the owner policy in force), one check run
 * posted, the token revoked. A change that touches no policy file gets no check run. At most
 * {@value #MAX_PENDING} checks wait at a time; a delivery beyond that is refused so that GitHub's redelivery can
 * bring it back.
 */
@ApplicationScoped
public class PolicyPullRequestCheck {

    private static final Logger LOG = LogLines.logger(PolicyPullRequestCheck.class);
    static final int MAX_PENDING = 16;
    static final Map<String, String> PERMISSIONS = Map.of("checks", "write", "pull_requests", "read", "contents", "read");

    /** What to check: the repository, the commit, and the pull request's number or the files a push changed. */
    public record Target(long installationId, String owner, String repository, String headSha, OptionalLong pullRequest,
                        List<String> pushedFiles) {
    }

    @Inject
    GitHubApi github;

    @Inject
    WebhookDeliveries deliveries;

    @Inject
    GitHubPolicySource policies;

    @Inject
    AuditLog audit;

    @Resource
    ManagedExecutorService executor;

    private final Semaphore pending = new Semaphore(MAX_PENDING);

    /** @return false when too many checks are waiting (the delivery is marked failed, so a redelivery runs it) */
    public boolean submit(String deliveryId, Target target) {
        if (!pending.tryAcquire()) {
            deliveries.finish(deliveryId, false);
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    deliveries.finish(deliveryId, run(target));
                } finally {
                    pending.release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            pending.release();
            deliveries.finish(deliveryId, false);
            return false;
        }
    }

    /** Whether a changed path in this repository is a policy file. */
    public static boolean isPolicyFile(String repository, String path) {
        return PolicyLocations.REPOSITORY_POLICY_PATHS.contains(path)
                || repository.equalsIgnoreCase(PolicyLocations.OWNER_POLICY_REPOSITORY)
                && PolicyLocations.OWNER_POLICY_PATHS.contains(path);
    }

    /**
     * The owner policy in force (its default branch, read as the exchange reads it, with the reader token), so that a
     * repository policy granting beyond its {@code allowed-repository-permissions} is flagged; empty when there is none
     * or it cannot be read now (the check goes on without that comparison).
     */
    private Optional<OwnerPolicy> ownerPolicy(Target target) {
        try {
            return policies.forInstallation(target.installationId()).ownerPolicy(target.owner())
                    instanceof PolicyFile.Found<OwnerPolicy> found ? Optional.of(found.policy()) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the owner policy could not be read for the check", e);
            return Optional.empty();
        }
    }

    /** @return whether the check ran to its end (a check run posted, or none needed) */
    boolean run(Target target) {
        InstallationToken token = null;
        try {
            token = github.mint(target.installationId(), TokenRequest.forRepositories(List.of(target.repository()), PERMISSIONS));
            List<String> changed = target.pullRequest().isPresent()
                    ? github.pullRequestFiles(target.installationId(), token.token(), target.owner(), target.repository(),
                    target.pullRequest().getAsLong())
                    : target.pushedFiles();
            List<String> policyFiles = changed.stream().filter(p -> isPolicyFile(target.repository(), p)).distinct().toList();
            if (policyFiles.isEmpty()) {
                return true;
            }
            Map<String, List<Finding>> findings = new LinkedHashMap<>();
            Map<String, String> unreadable = new LinkedHashMap<>();
            PolicyValidator validator = new PolicyValidator(PermissionCatalog.standard());
            Optional<OwnerPolicy> inForce = policyFiles.stream().anyMatch(p -> !PolicyLocations.OWNER_POLICY_PATHS.contains(p))
                    ? ownerPolicy(target) : Optional.empty();
            for (String path : policyFiles) {
                try {
                    RepositoryFile file = github.readFileAt(target.installationId(), token.token(), target.owner(),
                            target.repository(), path, target.headSha(), PolicyYaml.MAX_CHARS);
                    boolean isOwnerPolicy = PolicyLocations.OWNER_POLICY_PATHS.contains(path);
                    findings.put(path, isOwnerPolicy
                            ? validator.validateOwnerPolicy(file.text(), target.owner(), path)
                            : validator.validateRepositoryPolicy(file.text(), target.owner(), target.repository(), path,
                            inForce));
                } catch (UnreadableFileException e) {
                    unreadable.put(path, e.getMessage());
                } catch (GitHubNotFoundException e) {
                    unreadable.put(path, "not found at " + target.headSha().substring(0, 7));
                }
            }
            github.createCheckRun(target.installationId(), token.token(), target.owner(), target.repository(),
                    CheckRunReport.of(target.headSha(), findings, unreadable));
            audit.record("policy.check", Map.of("owner", target.owner(), "repository", target.repository(),
                    "headSha", target.headSha(), "files", policyFiles,
                    "errors", findings.values().stream().flatMap(List::stream)
                            .filter(f -> f.severity() == Finding.Severity.ERROR).count() + unreadable.size()));
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the policy check of " + target.owner() + "/" + target.repository() + " at "
                    + target.headSha().toLowerCase(Locale.ROOT) + " failed; a redelivery of the webhook retries it", e);
            return false;
        } finally {
            if (token != null) {
                try {
                    github.revoke(token.token());
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "the check's token could not be revoked; it expires within the hour", e);
                }
            }
        }
    }
}
