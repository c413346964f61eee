package dev.tokenbroker.exchange.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.entity.GitHubDeadlineExceededException;
import dev.tokenbroker.github.entity.GitHubForbiddenException;
import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.github.entity.GitHubUnauthorizedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;
import dev.tokenbroker.github.entity.RepositoryFile;
import dev.tokenbroker.github.entity.UnreadableFileException;
import dev.tokenbroker.platform.control.CallDeadline;
import dev.tokenbroker.platform.control.CurrentRequest;
import dev.tokenbroker.platform.control.ExpiringCache;
import dev.tokenbroker.platform.control.Metrics;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyLocations;
import dev.tokenbroker.policy.control.PolicyParser;
import dev.tokenbroker.policy.control.PolicySource;
import dev.tokenbroker.policy.entity.InvalidPolicyException;
import dev.tokenbroker.policy.entity.OwnerPolicy;
import dev.tokenbroker.policy.entity.PolicyFile;
import dev.tokenbroker.policy.entity.RepositoryPolicy;

/**
 * Policy files read from GitHub with the installation's reader token, parsed once and cached per
 * (owner, repository, path) (actions-exchange.md §10.3–10.5). A file is fresh for
 * {@code broker.exchange.policy.freshness}; after that it is revalidated with its ETag (GitHub answers 304, which
 * costs no rate limit, and the parsed policy is reused). A missing file is remembered for
 * {@code broker.exchange.policy.negative-ttl}. Only a 404 means absent; GitHub trouble is thrown, and a stale copy
 * is served instead only within {@code broker.exchange.policy.stale-if-error} (off by default).
 */
@ApplicationScoped
public class GitHubPolicySource {

    public static final long MAX_POLICY_BYTES = 102_400;
    static final int PARALLEL_READS = 8;
    /** The bound of a wait for policy reads outside an exchange (an exchange's own deadline bounds its waits). */
    static final Duration MAX_READ_WAIT = Duration.ofSeconds(60);
    static final int READ_THREADS = 32;
    private static final Duration FRESH_TOKEN = Duration.ofSeconds(10);
    private static final int LAG_RETRIES = 3;

    /** A cached read: the blob SHA it came from (to skip re-parsing on 304) and the parsed result. */
    private record Cached(String sha, PolicyFile<?> file, Instant fetchedAt) {
    }

    @Inject
    GitHubApi github;

    @Inject
    ReaderTokens readers;

    @Inject
    ExchangeSettings settings;

    @Inject
    Clock clock;

    @Resource
    ManagedThreadFactory threadFactory;

    /**
     * Threads for reading several repositories' policies at once: at most {@value #READ_THREADS}, made by the
     * container's managed thread factory, none kept idle longer than 30 s. When all are busy the exchange reads on its
     * own thread instead of queueing (no exchange waits behind another's reads), and nothing else shares them.
     */
    private ThreadPoolExecutor readPool;

    private final PolicyParser parser = new PolicyParser(PermissionCatalog.standard());
    private ExpiringCache<String, Cached> files;

    @Inject
    Metrics metrics;

    /** Made at start-up, so its metrics are there before the first request. */
    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // nothing else: being created registers the metrics
    }

    @PostConstruct
    void create() {
        files = new ExpiringCache<>(clock, 10_000);
        metrics.cache("policy_files", files);
        readPool = new ThreadPoolExecutor(0, READ_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threadFactory,
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @PreDestroy
    void stop() {
        readPool.shutdownNow();
    }

    /** The policies of one owner, read with the reader token of its installation. */
    public PolicySource forInstallation(long installationId) {
        return new PolicySource() {
            @Override
            public PolicyFile<OwnerPolicy> ownerPolicy(String owner) {
                String repository = PolicyLocations.OWNER_POLICY_REPOSITORY;
                return PolicyLocations.firstPresent(PolicyLocations.OWNER_POLICY_PATHS, path -> read(installationId, owner,
                        repository, path, text -> parser.parseOwnerPolicy(text, owner, owner + "/" + repository + "/" + path)));
            }

            @Override
            public Map<String, PolicyFile<RepositoryPolicy>> repositoryPolicies(String owner, List<String> repositories) {
                return readAll(repositories, repository -> repositoryPolicy(installationId, owner, repository));
            }
        };
    }

    private PolicyFile<RepositoryPolicy> repositoryPolicy(long installationId, String owner, String repository) {
        return PolicyLocations.firstPresent(PolicyLocations.REPOSITORY_POLICY_PATHS, path -> read(installationId, owner,
                repository, path, text -> parser.parseRepositoryPolicy(text, owner, repository, owner + "/" + repository + "/" + path)));
    }

    /** Reads the repositories' policies, at most {@value #PARALLEL_READS} at a time, keeping the request's order. */
    private <T> Map<String, T> readAll(List<String> repositories, Function<String, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        if (repositories.size() == 1) {
            out.put(repositories.get(0), read.apply(repositories.get(0)));
            return out;
        }
        Instant until = clock.instant().plus(waitLeft()); // one bound for every wait of this read
        Semaphore slots = new Semaphore(PARALLEL_READS);
        List<Future<T>> futures = new ArrayList<>();
        for (String repository : repositories) {
            futures.add(readPool.submit(CallDeadline.carriedTo(CurrentRequest.carriedTo(() -> {
                if (!slots.tryAcquire(left(until).toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new GitHubDeadlineExceededException("no time was left to read " + repository + "'s policy", null);
                }
                try {
                    return read.apply(repository);
                } finally {
                    slots.release();
                }
            }))));
        }
        try {
            for (int i = 0; i < repositories.size(); i++) {
                out.put(repositories.get(i), futures.get(i).get(left(until).toNanos(), TimeUnit.NANOSECONDS));
            }
        } catch (TimeoutException e) {
            futures.forEach(f -> f.cancel(true));
            throw new GitHubDeadlineExceededException("the policy files were not read before the deadline", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new GitHubUnavailableException("interrupted while reading policy files", 0, null, e);
        }
        return out;
    }

    private Duration left(Instant until) {
        Duration left = Duration.between(clock.instant(), until);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** What is left of this exchange's deadline, or the longest any exchange may take when there is none. */
    private Duration waitLeft() {
        Duration left = CallDeadline.remaining(clock.instant()).orElse(MAX_READ_WAIT);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @SuppressWarnings("unchecked")
    private <T> PolicyFile<T> read(long installationId, String owner, String repository, String path, Function<String, T> parse) {
        String key = (owner + "/" + repository + "/" + path).toLowerCase(Locale.ROOT);
        Cached cached = files.get(key, () -> fetch(installationId, owner, repository, path, key, parse), this::lifetime);
        return (PolicyFile<T>) cached.file();
    }

    /** Absent files and refused reads are remembered only briefly; a refusal (SSO, IP allow list) may be lifted. */
    private Duration lifetime(Cached cached) {
        return cached.file() instanceof PolicyFile.Absent<?> || cached.file() instanceof PolicyFile.Refused<?>
                ? settings.policyNegativeTtl() : settings.policyFreshness();
    }

    private <T> Cached fetch(long installationId, String owner, String repository, String path, String key,
                             Function<String, T> parse) {
        Optional<Cached> previous = files.stale(key);
        try {
            RepositoryFile file = readWithReader(installationId, owner, repository, path);
            if (previous.isPresent() && previous.get().sha().equals(file.sha()) && !file.sha().isEmpty()) {
                return new Cached(file.sha(), previous.get().file(), clock.instant());
            }
            return new Cached(file.sha(), parsed(file.text(), parse), clock.instant());
        } catch (GitHubNotFoundException e) {
            return new Cached("", new PolicyFile.Absent<>(), clock.instant());
        } catch (UnreadableFileException e) {
            return new Cached("", new PolicyFile.Invalid<>(List.of(e.getMessage())), clock.instant());
        } catch (GitHubForbiddenException e) {
            return new Cached("", new PolicyFile.Refused<>(403), clock.instant());
        } catch (GitHubUnauthorizedException e) {
            return new Cached("", new PolicyFile.Refused<>(401), clock.instant());
        } catch (GitHubRateLimitedException | GitHubUnavailableException e) {
            if (previous.isPresent() && !(previous.get().file() instanceof PolicyFile.Absent<?>)
                    && clock.instant().isBefore(previous.get().fetchedAt().plus(settings.policyFreshness())
                    .plus(settings.policyStaleIfError()))) {
                return previous.get();
            }
            throw e;
        }
    }

    private static <T> PolicyFile<T> parsed(String text, Function<String, T> parse) {
        try {
            return new PolicyFile.Found<>(parse.apply(text));
        } catch (InvalidPolicyException e) {
            return new PolicyFile.Invalid<>(e.details());
        }
    }

    /**
     * One contents read with the reader token, riding out GitHub's replication lag: a fresh token (under 10 s) that
     * gets 401 or a plain 403 is tried again up to 3 times, 1 s apart; an older token that gets 401 is replaced once.
     */
    private RepositoryFile readWithReader(long installationId, String owner, String repository, String path) {
        boolean replaced = false;
        int lagRetries = 0;
        while (true) {
            ReaderTokens.Reader reader = reader(installationId);
            try {
                return github.readFile(installationId, reader.token(), owner, repository, path, MAX_POLICY_BYTES);
            } catch (GitHubUnauthorizedException | GitHubForbiddenException e) {
                boolean fresh = Duration.between(reader.mintedAt(), clock.instant()).compareTo(FRESH_TOKEN) < 0;
                if (fresh && lagRetries < LAG_RETRIES) {
                    lagRetries++;
                    pause();
                } else if (e instanceof GitHubUnauthorizedException && !replaced) {
                    replaced = true;
                    readers.discard(installationId, reader);
                } else {
                    throw e;
                }
            }
        }
    }

    /**
     * The installation's reader token. If GitHub no longer knows the installation (a 404 while minting it), that must
     * not read as "policy file absent": the caller gets a 503 and retries, by when the installation cache (dropped by
     * the failed mint) finds the current installation.
     */
    private ReaderTokens.Reader reader(long installationId) {
        try {
            return readers.current(installationId);
        } catch (GitHubNotFoundException e) {
            throw new GitHubUnavailableException("GitHub no longer knows installation " + installationId
                    + " (uninstalled or reinstalled); retry", 404, Duration.ofSeconds(1), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubUnavailableException("interrupted while waiting for GitHub to know a new token", 0, null, e);
        }
    }
}
