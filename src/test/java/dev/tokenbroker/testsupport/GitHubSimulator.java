package dev.tokenbroker.testsupport;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A fake GitHub REST API for integration tests, on GitHub's real routes and field names: App JWT checks,
 * installation lookups, token minting (the "echo trick": each token encodes the request body it answered),
 * revocation, the contents API with token-bound ETags (on the default branch or at a commit), a pull request's files,
 * check runs (created and updated, recorded for tests), the personal-token endpoints of Vault-style login, {@code Link}
 * pagination and rate-limit headers. Every call is recorded, faults can be scripted per route, and unknown routes
 * answer 501. Thread-safe: the world may change while requests are served.
 */
public final class GitHubSimulator implements AutoCloseable {

    /** The time this fake lives in: the system's, or a {@link ShiftedClock} shared with the broker under test. */
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();

    /** Lives in {@code clock}'s time from now on, as the broker does when a test shifts it too. */
    public void useClock(java.time.Clock clock) {
        this.clock = clock;
    }

    // Route keys: how each call is classified, for faults and counts.
    public static final String APP = "GET /app";
    public static final String LIST_INSTALLATIONS = "GET /app/installations";
    public static final String USER_INSTALLATION = "GET /users/{username}/installation";
    public static final String ORG_INSTALLATION = "GET /orgs/{org}/installation";
    public static final String REPO_INSTALLATION = "GET /repos/{owner}/{repo}/installation";
    public static final String MINT = "POST /app/installations/{installation_id}/access_tokens";
    public static final String REVOKE = "DELETE /installation/token";
    public static final String CONTENTS = "GET /repos/{owner}/{repo}/contents/{path}";
    /** Also {@code /repositories/{id}/pulls/{n}/files}, the form of GitHub's next-page links. */
    public static final String PULL_FILES = "GET /repos/{owner}/{repo}/pulls/{pull_number}/files";
    public static final String CREATE_CHECK_RUN = "POST /repos/{owner}/{repo}/check-runs";
    public static final String UPDATE_CHECK_RUN = "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}";
    public static final String USER = "GET /user";
    public static final String USER_ORGS = "GET /user/orgs";
    public static final String USER_TEAMS = "GET /user/teams";
    public static final String ORG = "GET /orgs/{org}";
    public static final String UNKNOWN = "UNKNOWN";

    /** Route key → pattern over {@code "METHOD rawPath"}; groups are the path parameters. */
    private static final Map<String, Pattern> ROUTES = new LinkedHashMap<>();
    private static final Set<String> APP_JWT_ROUTES =
            Set.of(APP, LIST_INSTALLATIONS, USER_INSTALLATION, ORG_INSTALLATION, REPO_INSTALLATION, MINT);

    static {
        String seg = "([^/]+)";
        ROUTES.put(APP, Pattern.compile("GET /app"));
        ROUTES.put(LIST_INSTALLATIONS, Pattern.compile("GET /app/installations"));
        ROUTES.put(USER_INSTALLATION, Pattern.compile("GET /users/" + seg + "/installation"));
        ROUTES.put(ORG_INSTALLATION, Pattern.compile("GET /orgs/" + seg + "/installation"));
        ROUTES.put(REPO_INSTALLATION, Pattern.compile("GET /repos/" + seg + "/" + seg + "/installation"));
        ROUTES.put(MINT, Pattern.compile("POST /app/installations/" + seg + "/access_tokens"));
        ROUTES.put(REVOKE, Pattern.compile("DELETE /installation/token"));
        ROUTES.put(CONTENTS, Pattern.compile("GET /repos/" + seg + "/" + seg + "/contents/([^/]+(?:/[^/]+)*)"));
        ROUTES.put(PULL_FILES, Pattern.compile("GET /(?:repos/" + seg + "/" + seg + "|repositories/(\\d+))/pulls/(\\d+)/files"));
        ROUTES.put(CREATE_CHECK_RUN, Pattern.compile("POST /repos/" + seg + "/" + seg + "/check-runs"));
        ROUTES.put(UPDATE_CHECK_RUN, Pattern.compile("PATCH /repos/" + seg + "/" + seg + "/check-runs/(\\d+)"));
        ROUTES.put(USER, Pattern.compile("GET /user"));
        ROUTES.put(USER_ORGS, Pattern.compile("GET /user/orgs"));
        ROUTES.put(USER_TEAMS, Pattern.compile("GET /user/teams"));
        ROUTES.put(ORG, Pattern.compile("GET /orgs/" + seg));
    }

    private static final String DOCS = "https://docs.github.com/rest";
    private static final String NOT_GRANTED = "The permissions requested are not granted to this installation.";
    private static final String INACCESSIBLE_REPOSITORY = "There is at least one repository that does not exist"
            + " or is not accessible to the parent installation.";
    private static final String NOT_ACCESSIBLE = "Resource not accessible by integration";
    /** GitHub's file statuses in a pull request's file list. */
    private static final Set<String> FILE_STATUSES =
            Set.of("added", "removed", "modified", "renamed", "copied", "changed", "unchanged");
    private static final Set<String> CHECK_STATUSES = Set.of("queued", "in_progress", "completed");
    /** What an App may set ({@code stale} only GitHub itself). */
    private static final Set<String> CONCLUSIONS =
            Set.of("action_required", "cancelled", "failure", "neutral", "success", "skipped", "timed_out");
    private static final Set<String> ANNOTATION_LEVELS = Set.of("notice", "warning", "failure");
    private static final List<String> ANNOTATION_FIELDS =
            List.of("annotation_level", "end_line", "message", "path", "start_line");
    private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ECHO_OFFSET = "ghs_".length() + 16 + 1;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A scripted misbehaviour of one route. {@code status} 0 means "no status override" (only the delay applies,
     * then the call is handled normally); {@link #DROP} breaks the connection off (the client sees an IOException);
     * {@code hangs} never answers until {@link #releaseHanging()} or {@link #close()}, which then break it off.
     */
    public record Fault(int status, Map<String, String> headers, String body, Duration delay, boolean hangs) {

        /** Status value meaning "close the connection without answering". */
        public static final int DROP = -1;

        public Fault {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
            delay = delay == null ? Duration.ZERO : delay;
        }

        /** Answers {@code status} with body {@code {"message":"simulated <status>"}}. */
        public static Fault status(int status) {
            return new Fault(status, Map.of(), "{\"message\":\"simulated " + status + "\"}", Duration.ZERO, false);
        }

        /** Waits {@code delay}, then handles the call normally. */
        public static Fault delay(Duration delay) {
            return new Fault(0, Map.of(), null, delay, false);
        }

        /** Never answers until {@link #releaseHanging()} or {@link #close()}. */
        public static Fault hang() {
            return new Fault(0, Map.of(), null, Duration.ZERO, true);
        }

        /** Breaks the connection off without a usable response (recorded with status 0). */
        public static Fault dropConnection() {
            return new Fault(DROP, Map.of(), null, Duration.ZERO, false);
        }

        /**
         * GitHub's primary rate limit: {@code 403} with {@code x-ratelimit-remaining: 0} and the reset time in epoch
         * seconds, as GitHub sends when a credential's hourly quota is used up.
         */
        public static Fault primaryRateLimit(Instant reset) {
            return status(403).withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "0")
                    .withHeader("x-ratelimit-used", "5000").withHeader("x-ratelimit-reset", String.valueOf(reset.getEpochSecond()))
                    .withBody("{\"message\":\"API rate limit exceeded for installation ID 1.\",\"documentation_url\":\""
                            + DOCS + "/overview/rate-limits-for-the-rest-api\"}");
        }

        /** GitHub's secondary rate limit: {@code 403} with {@code retry-after} and GitHub's message. */
        public static Fault secondaryRateLimit(Duration retryAfter) {
            return status(403).withHeader("retry-after", String.valueOf(retryAfter.toSeconds()))
                    .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you"
                            + " try again.\",\"documentation_url\":\"" + DOCS + "/overview/rate-limits-for-the-rest-api\"}");
        }

        /** This fault plus one response header (e.g. {@code retry-after}, {@code x-ratelimit-remaining}). */
        public Fault withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Fault(status, more, body, delay, hangs);
        }

        /** This fault with another response body. */
        public Fault withBody(String json) {
            return new Fault(status, headers, json, delay, hangs);
        }

        /** This fault, acted on only after {@code wait}. */
        public Fault withDelay(Duration wait) {
            return new Fault(status, headers, body, wait, hangs);
        }
    }

    /** One request as received: raw path and query, lower-case header names, final status (0 if none was sent). */
    public record RecordedCall(String method, String path, String query, String routeKey,
                               Map<String, String> headers, String body, int status) {
    }

    /**
     * A check run as GitHub holds it after its create call and every update: title and summary as last sent, the
     * annotations of all calls in order.
     *
     * @param conclusion null while not completed
     * @param updates    how many update calls it took
     */
    public record RecordedCheckRun(long id, String owner, String repository, String name, String headSha, String status,
                                   String conclusion, String title, String summary, List<RecordedAnnotation> annotations,
                                   int updates) {
    }

    /** @param title null when none was sent */
    public record RecordedAnnotation(String path, int startLine, int endLine, String level, String title,
                                     String message) {
    }

    private record Installation(String login, long id, long accountId, String targetType,
                                Map<String, String> permissions, List<String> singleFilePaths, Instant createdAt) {
    }

    private record Repository(String owner, String name, long id) {
    }

    /** {@code repositories} holds lower-case names, or is null for "all"; {@code permissions} as granted. */
    private record IssuedToken(long installationId, Set<String> repositories, Instant expiresAt,
                               Map<String, String> permissions) {
    }

    /** {@code files}: filename → status, sorted by filename as GitHub's diff lists them. */
    private record PullRequest(String headSha, Map<String, String> files) {
    }

    /** A check run while tests may still update it. Guarded by {@link #lock}. */
    private static final class CheckRunState {
        final long id;
        final Repository repository;
        final String headSha;
        final long installationId;
        final Instant startedAt;
        String name;
        String status;
        String conclusion;
        String title;
        String summary;
        Instant completedAt;
        final List<RecordedAnnotation> annotations = new ArrayList<>();
        int updates;

        CheckRunState(long id, Repository repository, String headSha, long installationId, Instant startedAt) {
            this.id = id;
            this.repository = repository;
            this.headSha = headSha;
            this.installationId = installationId;
            this.startedAt = startedAt;
        }

        RecordedCheckRun snapshot() {
            return new RecordedCheckRun(id, repository.owner(), repository.name(), name, headSha, status, conclusion,
                    title, summary, List.copyOf(annotations), updates);
        }
    }

    /** Who may act on a repository, or GitHub's refusal. */
    private record Access(IssuedToken token, Repository repository, Response refusal) {
    }

    private record Account(String login, long id) {
    }

    private record Team(long id, String name, String slug, Account organization) {
    }

    private record Route(String key, List<String> params) {
    }

    private record Response(int status, String body, Map<String, String> headers) {
    }

    /** A recorded call whose status is filled in once the answer is sent. */
    private static final class CallSlot {
        final RecordedCall call;
        volatile int status;

        CallSlot(RecordedCall call) {
            this.call = call;
        }
    }

    private final String appId;
    private final long numericAppId;
    private final RSAPublicKey appPublicKey;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final AtomicLong repositoryIds = new AtomicLong(100_000);
    private final AtomicLong checkRunIds = new AtomicLong(4_000_000);
    private volatile boolean closed;
    private volatile CountDownLatch hangLatch = new CountDownLatch(1);

    private final Object lock = new Object(); // guards everything below
    private final Map<String, Installation> installations = new LinkedHashMap<>();
    private final Map<String, Map<String, Repository>> repositories = new HashMap<>();
    private final Map<String, String> files = new HashMap<>();
    /** owner/repo@sha → (path → content), keys lower-case but the path. */
    private final Map<String, Map<String, String>> commits = new HashMap<>();
    private final Map<String, PullRequest> pullRequests = new HashMap<>();
    private final List<CheckRunState> checkRuns = new ArrayList<>();
    private final Map<String, IssuedToken> tokens = new HashMap<>();
    private final Set<String> revoked = new LinkedHashSet<>();
    private final Map<String, Account> users = new HashMap<>();
    private final Map<String, List<Account>> userOrgs = new HashMap<>();
    private final Map<String, List<Team>> userTeams = new HashMap<>();
    private final Map<String, Account> organizations = new HashMap<>();
    private final Map<String, Deque<Fault>> queuedFaults = new HashMap<>();
    private final Map<String, Fault> permanentFaults = new HashMap<>();
    private List<Fault> outage = List.of();
    private long outageCalls;
    private final List<CallSlot> calls = new ArrayList<>();

    private GitHubSimulator(String appId, RSAPublicKey appPublicKey, int port) throws IOException {
        this.appId = appId;
        this.numericAppId = appId.matches("\\d{1,18}") ? Long.parseLong(appId) : 1;
        this.appPublicKey = appPublicKey;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "github-simulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        this.server.setExecutor(executor);
        this.server.createContext("/", this::handle);
        this.server.start();
        this.baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts a simulator on a free loopback port; App JWTs must have {@code iss == appId} and verify with the key. */
    public static GitHubSimulator start(String appId, RSAPublicKey appPublicKey) {
        return start(appId, appPublicKey, 0);
    }

    /** Starts a simulator on this loopback port (0: a free one), e.g. where an already running broker expects it. */
    public static GitHubSimulator start(String appId, RSAPublicKey appPublicKey, int port) {
        try {
            return new GitHubSimulator(appId, appPublicKey, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the GitHub simulator", e);
        }
    }

    /** The API base URL, {@code http://127.0.0.1:PORT}, without trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Stops the server within about a second; hanging and delayed calls lose their connections. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseHanging();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ world setup

    /** Installs the App on {@code owner} ("Organization" or "User"); a reinstall invalidates the old tokens. */
    public void install(String owner, long installationId, long accountId, String targetType,
                        Map<String, String> permissions, List<String> singleFilePaths) {
        Installation installation = new Installation(owner, installationId, accountId, targetType,
                Collections.unmodifiableMap(new LinkedHashMap<>(permissions)), List.copyOf(singleFilePaths),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        locked(() -> forgetTokensOf(installations.put(key(owner), installation)));
    }

    /** Removes the owner's installation; its tokens stop working. */
    public void uninstall(String owner) {
        locked(() -> forgetTokensOf(installations.remove(key(owner))));
    }

    /** Adds a repository of {@code owner} (idempotent); the owner's installation sees it. @return its id */
    public long addRepository(String owner, String repo) {
        return locked(() -> repositories.computeIfAbsent(key(owner), k -> new LinkedHashMap<>())
                .computeIfAbsent(key(repo), k -> new Repository(owner, repo, repositoryIds.incrementAndGet())).id());
    }

    /** Puts a file on the default branch, adding the repository if needed. */
    public void putFile(String owner, String repo, String path, String content) {
        locked(() -> {
            addRepository(owner, repo);
            files.put(fileKey(owner, repo, path), content);
        });
    }

    /**
     * Puts a file into a commit's tree, adding the repository and the commit if needed: {@code ?ref=<sha>} reads
     * see exactly the files put at that commit (the default branch's are not inherited).
     */
    public void addFileAt(String owner, String repo, String sha, String path, String content) {
        requireSha(sha);
        locked(() -> {
            addRepository(owner, repo);
            commits.computeIfAbsent(commitKey(owner, repo, sha), k -> new HashMap<>()).put(path, content);
        });
    }

    /**
     * Opens (or replaces) pull request {@code number}: its head commit (known from now on, e.g. for check runs) and the
     * files it changes, filename → GitHub's status ({@code added}, {@code removed}, {@code modified}, {@code renamed},
     * {@code copied}, {@code changed}, {@code unchanged}), listed sorted by filename.
     */
    public void addPullRequest(String owner, String repo, long number, String headSha, Map<String, String> files) {
        requireSha(headSha);
        files.forEach((name, status) -> {
            if (!FILE_STATUSES.contains(status)) {
                throw new IllegalArgumentException("not a GitHub file status: " + status);
            }
        });
        locked(() -> {
            addRepository(owner, repo);
            commits.computeIfAbsent(commitKey(owner, repo, headSha), k -> new HashMap<>());
            pullRequests.put(pullKey(owner, repo, number), new PullRequest(key(headSha), new TreeMap<>(files)));
        });
    }

    /** Deletes a file (no-op if absent). */
    public void deleteFile(String owner, String repo, String path) {
        locked(() -> files.remove(fileKey(owner, repo, path)));
    }

    /** Makes {@code GET /user} with this personal token answer this login and id. */
    public void addUser(String personalToken, String login, long id) {
        locked(() -> users.put(personalToken, new Account(login, id)));
    }

    /** Adds an organization to {@code GET /user/orgs} of this personal token. */
    public void addUserOrganization(String personalToken, String orgLogin, long orgId) {
        locked(() -> userOrgs.computeIfAbsent(personalToken, k -> new ArrayList<>()).add(new Account(orgLogin, orgId)));
    }

    /** The user leaves an organisation: {@code /user/orgs} no longer lists it. */
    public void removeUserOrganization(String personalToken, String orgLogin) {
        locked(() -> userOrgs.getOrDefault(personalToken, new ArrayList<>()).removeIf(a -> a.login().equalsIgnoreCase(orgLogin)));
    }

    /** Adds a team to {@code GET /user/teams} of this personal token. */
    public void addUserTeam(String personalToken, long teamId, String name, String slug, String orgLogin, long orgId) {
        locked(() -> userTeams.computeIfAbsent(personalToken, k -> new ArrayList<>())
                .add(new Team(teamId, name, slug, new Account(orgLogin, orgId))));
    }

    /** Makes {@code GET /orgs/{login}} answer this organization. */
    public void addOrganization(String login, long id) {
        locked(() -> organizations.put(key(login), new Account(login, id)));
    }

    /** Clears the world, issued and revoked tokens, faults and recorded calls, and releases hanging calls. */
    public void reset() {
        locked(() -> List.of(installations, repositories, files, tokens, users, userOrgs, userTeams, organizations,
                queuedFaults, permanentFaults, commits, pullRequests).forEach(Map::clear));
        locked(() -> {
            checkRuns.clear();
            outage = List.of();
            revoked.clear();
            calls.clear();
        });
        releaseHanging();
    }

    // ------------------------------------------------------------------------------------------------ faults

    /** Queues faults for a route key; each is used once, in order, before any {@link #failAlways} fault. */
    public void enqueue(String routeKey, Fault... faults) {
        locked(() -> queuedFaults.computeIfAbsent(routeKey, k -> new ArrayDeque<>()).addAll(Arrays.asList(faults)));
    }

    /** Applies {@code fault} to every call of the route until {@link #clearFaults()}. */
    public void failAlways(String routeKey, Fault fault) {
        locked(() -> permanentFaults.put(routeKey, fault));
    }

    /**
     * An outage: every call of every route, known or not, meets the next of these faults in turn (e.g. 500, 502, 503,
     * 504 and dropped connections), until {@link #clearFaults()}. Takes precedence over per-route faults.
     */
    public void failEverything(Fault... rotation) {
        if (rotation.length == 0) {
            throw new IllegalArgumentException("name at least one fault");
        }
        locked(() -> {
            outage = List.of(rotation);
            outageCalls = 0;
        });
    }

    /** Removes queued and permanent faults and ends an outage; hanging calls go on hanging until released. */
    public void clearFaults() {
        locked(() -> {
            queuedFaults.clear();
            permanentFaults.clear();
            outage = List.of();
        });
    }

    /** Lets every currently hanging call go; their connections are broken off without an answer. */
    public void releaseHanging() {
        CountDownLatch released = hangLatch;
        hangLatch = new CountDownLatch(1);
        released.countDown();
    }

    // ------------------------------------------------------------------------------------------------ observation

    /** How many calls had this route key. */
    public int count(String routeKey) {
        return locked(() -> (int) calls.stream().filter(c -> c.call.routeKey().equals(routeKey)).count());
    }

    /** How many calls arrived. */
    public int totalCalls() {
        return locked(calls::size);
    }

    /** A snapshot of all calls, in arrival order. */
    public List<RecordedCall> calls() {
        return locked(() -> calls.stream().map(s -> new RecordedCall(s.call.method(), s.call.path(), s.call.query(),
                s.call.routeKey(), s.call.headers(), s.call.body(), s.status)).toList());
    }

    /** Forgets recorded calls. */
    public void resetCalls() {
        locked(calls::clear);
    }

    /** Every check run created, in order, as it stands after its updates. */
    public List<RecordedCheckRun> checkRuns() {
        return locked(() -> checkRuns.stream().map(CheckRunState::snapshot).toList());
    }

    /** Tokens revoked through {@code DELETE /installation/token}. */
    public Set<String> revokedTokens() {
        return locked(() -> Set.copyOf(revoked));
    }

    /** The request body a minted token echoes (base64url after {@code ghs_<16 characters>_}). */
    public static String echoedRequestBody(String token) {
        if (token == null || !token.startsWith("ghs_") || token.length() < ECHO_OFFSET) {
            throw new IllegalArgumentException("not a simulator token");
        }
        return new String(Base64.getUrlDecoder().decode(token.substring(ECHO_OFFSET)), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    private void handle(HttpExchange exchange) {
        CallSlot slot = null;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
            Route route = match(method + " " + path);
            CallSlot recorded = new CallSlot(new RecordedCall(method, path, query, route.key(),
                    Collections.unmodifiableMap(headers), new String(body, StandardCharsets.UTF_8), 0));
            slot = recorded;
            Fault fault = locked(() -> {
                calls.add(recorded);
                if (!outage.isEmpty()) {
                    return outage.get((int) (outageCalls++ % outage.size()));
                }
                Deque<Fault> queue = queuedFaults.get(route.key());
                return queue != null && !queue.isEmpty() ? queue.poll() : permanentFaults.get(route.key());
            });
            if (fault != null) {
                if (!fault.delay().isZero()) {
                    TimeUnit.MILLISECONDS.sleep(fault.delay().toMillis());
                }
                if (fault.hangs()) {
                    CountDownLatch latch = hangLatch;
                    if (!closed) {
                        latch.await();
                    }
                    breakOff(exchange);
                    return;
                }
                if (fault.status() == Fault.DROP) {
                    breakOff(exchange);
                    return;
                }
                if (fault.status() > 0) {
                    slot.status = send(exchange, new Response(fault.status(), fault.body(), fault.headers()));
                    return;
                }
            }
            Response response = locked(() -> answer(route, method + " " + path, headers, query, body));
            slot.status = send(exchange, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away; nothing to answer
        } catch (RuntimeException e) {
            if (slot != null && slot.status == 0) {
                slot.status = send(exchange, new Response(500, message("GitHub simulator failed: " + e), Map.of()));
            }
        } finally {
            exchange.close(); // closes the connection when no complete response was sent
        }
    }

    /** The route key and decoded path parameters of {@code "METHOD rawPath"}. */
    private static Route match(String request) {
        for (Map.Entry<String, Pattern> route : ROUTES.entrySet()) {
            Matcher m = route.getValue().matcher(request);
            if (m.matches()) {
                List<String> params = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    params.add(m.group(g) == null ? null : decode(m.group(g)));
                }
                return new Route(route.getKey(), params);
            }
        }
        return new Route(UNKNOWN, List.of());
    }

    /** Answers a recorded, fault-free call. Runs under {@link #lock}. */
    private Response answer(Route route, String request, Map<String, String> headers, String query, byte[] body) {
        String routeKey = route.key();
        List<String> p = route.params();
        if (routeKey.equals(UNKNOWN)) {
            return new Response(501, message("GitHub simulator: no route for " + request), Map.of());
        }
        for (String required : List.of("User-Agent", "X-GitHub-Api-Version")) {
            if (!headers.containsKey(required.toLowerCase(Locale.ROOT))) {
                return new Response(400, message("GitHub simulator: missing " + required + " header"), Map.of());
            }
        }
        if (APP_JWT_ROUTES.contains(routeKey) && !validAppJwt(headers.get("authorization"))) {
            return error(401, "A JSON web token could not be decoded");
        }
        return switch (routeKey) {
            case APP -> app();
            case LIST_INSTALLATIONS -> paginate(installations.values().stream().map(this::installationJson).toList(),
                    "/app/installations", query);
            case USER_INSTALLATION, ORG_INSTALLATION -> installationOf(installations.get(key(p.get(0))));
            case REPO_INSTALLATION -> installationOf(repository(p.get(0), p.get(1)) == null
                    ? null : installations.get(key(p.get(0))));
            case MINT -> mint(p.get(0), body);
            case REVOKE -> revoke(credential(headers.get("authorization")));
            case CONTENTS -> contents(p.get(0), p.get(1), p.get(2), headers, query);
            case PULL_FILES -> pullFiles(p, headers, query);
            case CREATE_CHECK_RUN -> createCheckRun(p.get(0), p.get(1), headers, body);
            case UPDATE_CHECK_RUN -> updateCheckRun(p.get(0), p.get(1), Long.parseLong(p.get(2)), headers, body);
            case USER, USER_ORGS, USER_TEAMS -> userRoute(routeKey, headers, query);
            case ORG -> {
                Account org = organizations.get(key(p.get(0)));
                yield org == null ? error(404, "Not Found") : ok(200, organizationJson(org).add("type", "Organization")
                        .add("html_url", "https://github.com/" + org.login()).build());
            }
            default -> throw new IllegalStateException("unhandled route " + routeKey);
        };
    }

    // ------------------------------------------------------------------------------------------------ App routes

    private boolean validAppJwt(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7).trim());
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new RSASSAVerifier(appPublicKey))) {
                return false;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Object iss = claims.getClaim("iss"); // a string, or a number when the App id is sent as one
            if (iss == null || !String.valueOf(iss).equals(appId)
                    || claims.getIssueTime() == null || claims.getExpirationTime() == null) {
                return false;
            }
            long iat = claims.getIssueTime().toInstant().getEpochSecond();
            long exp = claims.getExpirationTime().toInstant().getEpochSecond();
            long now = clock.instant().getEpochSecond();
            return iat <= now + 5 && exp > now && exp - iat <= 11 * 60;
        } catch (Exception e) {
            return false;
        }
    }

    private Response app() {
        Map<String, String> union = new TreeMap<>();
        installations.values().forEach(i -> i.permissions().forEach((name, level) ->
                union.merge(name, level, (a, b) -> rank(a) >= rank(b) ? a : b)));
        if (union.isEmpty()) {
            union.put("contents", "read");
        }
        return ok(200, JSON.createObjectBuilder().add("id", numericAppId).add("slug", "test-broker")
                .add("name", "Test Broker").add("html_url", "https://github.com/apps/test-broker")
                .add("permissions", stringMap(union)).add("events", JSON.createArrayBuilder())
                .add("installations_count", installations.size()).build());
    }

    private Response installationOf(Installation installation) {
        return installation == null ? error(404, "Not Found") : ok(200, installationJson(installation));
    }

    private JsonObject installationJson(Installation i) {
        List<String> paths = i.singleFilePaths();
        return JSON.createObjectBuilder()
                .add("id", i.id())
                .add("account", JSON.createObjectBuilder().add("login", i.login()).add("id", i.accountId())
                        .add("type", i.targetType()).add("html_url", "https://github.com/" + i.login()))
                .add("repository_selection", "all")
                .add("access_tokens_url", baseUrl + "/app/installations/" + i.id() + "/access_tokens")
                .add("repositories_url", baseUrl + "/installation/repositories")
                .add("html_url", "https://github.com/settings/installations/" + i.id())
                .add("app_id", numericAppId)
                .add("app_slug", "test-broker")
                .add("target_id", i.accountId())
                .add("target_type", i.targetType())
                .add("permissions", stringMap(i.permissions()))
                .add("events", JSON.createArrayBuilder())
                .add("single_file_name", paths.isEmpty() ? JsonValue.NULL : JSON.createValue(paths.get(0)))
                .add("has_multiple_single_files", paths.size() > 1)
                .add("single_file_paths", JSON.createArrayBuilder(paths))
                .addNull("suspended_at")
                .addNull("suspended_by")
                .add("created_at", i.createdAt().toString())
                .add("updated_at", i.createdAt().toString())
                .build();
    }

    private Response mint(String installationId, byte[] body) {
        Installation installation = installations.values().stream()
                .filter(i -> String.valueOf(i.id()).equals(installationId)).findFirst().orElse(null);
        if (installation == null) {
            return error(404, "Not Found");
        }
        Map<String, String> requested = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        try {
            String text = new String(body, StandardCharsets.UTF_8);
            JsonObject request = text.isBlank() ? JsonValue.EMPTY_JSON_OBJECT
                    : JSON.createReader(new StringReader(text)).readObject();
            if (request.containsKey("permissions")) {
                request.getJsonObject("permissions")
                        .forEach((name, level) -> requested.put(name, ((JsonString) level).getString()));
            }
            if (request.containsKey("repositories")) {
                request.getJsonArray("repositories").forEach(v -> names.add(((JsonString) v).getString()));
            }
            if (request.containsKey("repository_ids")) {
                request.getJsonArray("repository_ids").forEach(v -> ids.add(((JsonNumber) v).longValueExact()));
            }
        } catch (RuntimeException e) { // malformed JSON or wrong types
            return error(400, "Problems parsing JSON");
        }
        for (Map.Entry<String, String> wanted : requested.entrySet()) {
            int level = rank(wanted.getValue());
            if (level == 0 || rank(installation.permissions().get(wanted.getKey())) < level) {
                return error(422, NOT_GRANTED);
            }
        }
        Map<String, Repository> owned = repositories.getOrDefault(key(installation.login()), Map.of());
        Map<Long, Repository> selected = new LinkedHashMap<>();
        for (String name : names) {
            Repository repo = owned.get(key(name));
            if (repo == null) {
                return error(422, INACCESSIBLE_REPOSITORY);
            }
            selected.put(repo.id(), repo);
        }
        for (long id : ids) {
            Repository repo = owned.values().stream().filter(r -> r.id() == id).findFirst().orElse(null);
            if (repo == null) {
                return error(422, INACCESSIBLE_REPOSITORY);
            }
            selected.put(repo.id(), repo);
        }
        boolean some = !selected.isEmpty();
        String token = "ghs_" + RANDOM.ints(16, 0, ALPHANUMERIC.length()).mapToObj(ALPHANUMERIC::charAt)
                .map(String::valueOf).collect(Collectors.joining())
                + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Set<String> scope = some ? selected.values().stream().map(r -> key(r.name())).collect(Collectors.toSet())
                : null;
        Map<String, String> granted = requested.isEmpty() ? installation.permissions()
                : Collections.unmodifiableMap(new LinkedHashMap<>(requested));
        tokens.put(token, new IssuedToken(installation.id(), scope, expiresAt, granted));
        JsonObjectBuilder answer = JSON.createObjectBuilder().add("token", token)
                .add("expires_at", expiresAt.toString())
                .add("permissions", stringMap(granted))
                .add("repository_selection", some ? "selected" : "all");
        if (some) {
            JsonArrayBuilder repos = JSON.createArrayBuilder();
            selected.values().forEach(r -> repos.add(repositoryJson(installation, r)));
            answer.add("repositories", repos);
        }
        return ok(201, answer.build());
    }

    private JsonObject repositoryJson(Installation installation, Repository r) {
        String fullName = installation.login() + "/" + r.name();
        return JSON.createObjectBuilder().add("id", r.id()).add("name", r.name()).add("full_name", fullName)
                .add("private", true)
                .add("owner", JSON.createObjectBuilder().add("login", installation.login())
                        .add("id", installation.accountId()).add("type", installation.targetType()))
                .add("html_url", "https://github.com/" + fullName).add("url", baseUrl + "/repos/" + fullName)
                .build();
    }

    // ------------------------------------------------------------------------------------------------ token routes

    private Response revoke(String token) {
        if (validToken(token) == null) {
            return error(401, "Bad credentials");
        }
        tokens.remove(token);
        revoked.add(token);
        return new Response(204, null, Map.of());
    }

    /**
     * A token of the owner's installation whose scope includes the repository, as the contents route has always
     * demanded: another installation's or an unknown token gets 401, a repository that does not exist or that the token
     * was not minted for gets 404, like GitHub.
     */
    private Access access(String owner, String repo, Map<String, String> headers) {
        IssuedToken issued = validToken(credential(headers.get("authorization")));
        Installation installation = installations.get(key(owner));
        if (issued == null || installation == null || issued.installationId() != installation.id()) {
            return new Access(null, null, error(401, "Bad credentials"));
        }
        Repository repository = repository(owner, repo);
        if (repository == null || (issued.repositories() != null && !issued.repositories().contains(key(repo)))) {
            return new Access(issued, null, error(404, "Not Found"));
        }
        return new Access(issued, repository, null);
    }

    /** Whether the token was granted {@code permission} at {@code level} or above. */
    private static boolean allows(IssuedToken token, String permission, String level) {
        return rank(token.permissions().get(permission)) >= rank(level);
    }

    /**
     * Needs a token of the owner's installation ({@link #access}). {@code ?ref=} a full commit SHA reads that
     * commit's files (404 {@code No commit found for the ref} for a commit the simulator does not know); any other
     * ref, or none, reads the default branch.
     */
    private Response contents(String owner, String repo, String path, Map<String, String> headers, String query) {
        Access access = access(owner, repo, headers);
        if (access.refusal() != null && access.refusal().status() == 401) {
            return access.refusal();
        }
        String ref = queryParams(query).get("ref");
        boolean atCommit = ref != null && COMMIT_SHA.matcher(ref).matches();
        Map<String, String> tree = atCommit ? commits.get(commitKey(owner, repo, ref)) : null;
        if (atCommit && tree == null && access.refusal() == null) {
            return error(404, "No commit found for the ref " + ref);
        }
        String content = atCommit ? (tree == null ? null : tree.get(path)) : files.get(fileKey(owner, repo, path));
        if (access.refusal() != null || content == null) {
            return error(404, "Not Found");
        }
        return file(access.repository(), path, atCommit ? key(ref) : "main", content,
                credential(headers.get("authorization")), headers);
    }

    /** The contents API's answer for one file at {@code ref}, with an ETag bound to the token and the blob. */
    private Response file(Repository repository, String path, String ref, String content, String token,
                          Map<String, String> headers) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha = blobSha(bytes);
        String etag = "\"" + hex("SHA-256", (token + sha).getBytes(StandardCharsets.UTF_8)) + "\"";
        if (etagMatches(headers.get("if-none-match"), etag)) {
            return new Response(304, null, Map.of("ETag", etag));
        }
        String full = repository.owner() + "/" + repository.name();
        String self = baseUrl + "/repos/" + full + "/contents/" + path + "?ref=" + ref;
        String git = baseUrl + "/repos/" + full + "/git/blobs/" + sha;
        String html = "https://github.com/" + full + "/blob/" + ref + "/" + path;
        JsonObject file = JSON.createObjectBuilder()
                .add("type", "file").add("encoding", "base64").add("size", bytes.length)
                .add("name", path.substring(path.lastIndexOf('/') + 1)).add("path", path)
                .add("content", wrappedBase64(bytes)).add("sha", sha)
                .add("url", self).add("git_url", git).add("html_url", html)
                .add("download_url", "https://raw.githubusercontent.com/" + full + "/" + ref + "/" + path)
                .add("_links", JSON.createObjectBuilder().add("self", self).add("git", git).add("html", html))
                .build();
        return new Response(200, file.toString(), Map.of("ETag", etag));
    }

    /** Git's blob id: SHA-1 over {@code "blob <size>\0"} and the bytes. */
    private static String blobSha(byte[] bytes) {
        byte[] blob = ("blob " + bytes.length + "\0").getBytes(StandardCharsets.UTF_8);
        blob = Arrays.copyOf(blob, blob.length + bytes.length);
        System.arraycopy(bytes, 0, blob, blob.length - bytes.length, bytes.length);
        return hex("SHA-1", blob);
    }

    // ------------------------------------------------------------------------------------------------ pull requests

    /**
     * A pull request's files, 30 a page unless {@code per_page} (at most 100), at most 3000 as GitHub lists; the
     * next-page links use GitHub's {@code /repositories/{id}/…} form. Needs {@code pull_requests: read}.
     */
    private Response pullFiles(List<String> p, Map<String, String> headers, String query) {
        String owner = p.get(0);
        String repo = p.get(1);
        if (owner == null) {
            long id = Long.parseLong(p.get(2));
            Repository byId = repositories.values().stream().flatMap(m -> m.values().stream())
                    .filter(r -> r.id() == id).findFirst().orElse(null);
            if (byId == null) {
                return error(404, "Not Found");
            }
            owner = byId.owner();
            repo = byId.name();
        }
        Access access = access(owner, repo, headers);
        if (access.refusal() != null) {
            return access.refusal();
        }
        if (!allows(access.token(), "pull_requests", "read")) {
            return error(403, NOT_ACCESSIBLE);
        }
        long number = Long.parseLong(p.get(3));
        PullRequest pull = pullRequests.get(pullKey(owner, repo, number));
        if (pull == null) {
            return error(404, "Not Found");
        }
        Repository repository = access.repository();
        String full = repository.owner() + "/" + repository.name();
        List<JsonObject> entries = pull.files().entrySet().stream().limit(3000).map(f -> {
            String content = commits.getOrDefault(commitKey(repository.owner(), repository.name(), pull.headSha()), Map.of())
                    .getOrDefault(f.getKey(), f.getKey());
            String encoded = Arrays.stream(f.getKey().split("/")).map(GitHubSimulator::encodeSegment)
                    .collect(Collectors.joining("/"));
            return JSON.createObjectBuilder()
                    .add("sha", blobSha(content.getBytes(StandardCharsets.UTF_8)))
                    .add("filename", f.getKey()).add("status", f.getValue())
                    .add("additions", 0).add("deletions", 0).add("changes", 0)
                    .add("blob_url", "https://github.com/" + full + "/blob/" + pull.headSha() + "/" + encoded)
                    .add("raw_url", "https://github.com/" + full + "/raw/" + pull.headSha() + "/" + encoded)
                    .add("contents_url", baseUrl + "/repos/" + full + "/contents/" + encoded + "?ref=" + pull.headSha())
                    .build();
        }).toList();
        return paginate(entries, "/repositories/" + repository.id() + "/pulls/" + number + "/files", query);
    }

    // ------------------------------------------------------------------------------------------------ check runs

    /**
     * Validates like GitHub: a token with {@code checks: write} (403 otherwise), {@code name} and {@code head_sha}
     * (422 {@code Invalid request} when missing), a commit the repository has (422 {@code No commit found for SHA}),
     * status and conclusion from GitHub's sets, and the output ({@link #outputProblem}). Answers 201.
     */
    private Response createCheckRun(String owner, String repo, Map<String, String> headers, byte[] body) {
        Access access = access(owner, repo, headers);
        if (access.refusal() != null) {
            return access.refusal();
        }
        if (!allows(access.token(), "checks", "write")) {
            return error(403, NOT_ACCESSIBLE);
        }
        JsonObject request = jsonObject(body);
        if (request == null) {
            return error(400, "Problems parsing JSON");
        }
        List<String> missing = new ArrayList<>();
        for (String field : List.of("head_sha", "name")) {
            if (!(request.get(field) instanceof JsonString)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            return error(422, "Invalid request.\n\n" + notSupplied(missing));
        }
        Response invalid = stateProblem(request);
        if (invalid == null) {
            invalid = outputProblem(request);
        }
        if (invalid != null) {
            return invalid;
        }
        String headSha = request.getString("head_sha");
        if (!COMMIT_SHA.matcher(headSha).matches() || !commits.containsKey(commitKey(owner, repo, headSha))) {
            return error(422, "No commit found for SHA: " + headSha);
        }
        CheckRunState run = new CheckRunState(checkRunIds.incrementAndGet(), access.repository(), key(headSha),
                access.token().installationId(), clock.instant().truncatedTo(ChronoUnit.SECONDS));
        run.name = request.getString("name");
        run.status = "queued";
        apply(run, request);
        checkRuns.add(run);
        return ok(201, checkRunJson(run));
    }

    /** Like {@link #createCheckRun}, for a check run of this repository made by the same installation (else 404). */
    private Response updateCheckRun(String owner, String repo, long id, Map<String, String> headers, byte[] body) {
        Access access = access(owner, repo, headers);
        if (access.refusal() != null) {
            return access.refusal();
        }
        if (!allows(access.token(), "checks", "write")) {
            return error(403, NOT_ACCESSIBLE);
        }
        CheckRunState run = checkRuns.stream().filter(r -> r.id == id && r.repository == access.repository()
                && r.installationId == access.token().installationId()).findFirst().orElse(null);
        if (run == null) {
            return error(404, "Not Found");
        }
        JsonObject request = jsonObject(body);
        if (request == null) {
            return error(400, "Problems parsing JSON");
        }
        if (request.containsKey("name") && !(request.get("name") instanceof JsonString)) {
            return validationFailed("name");
        }
        Response invalid = stateProblem(request);
        if (invalid == null) {
            invalid = outputProblem(request);
        }
        if (invalid != null) {
            return invalid;
        }
        if (request.get("name") instanceof JsonString name) {
            run.name = name.getString();
        }
        apply(run, request);
        run.updates++;
        return ok(200, checkRunJson(run));
    }

    /** Status and conclusion from GitHub's sets; {@code completed} needs a conclusion. Null when fine. */
    private static Response stateProblem(JsonObject request) {
        String status = request.get("status") instanceof JsonString s ? s.getString() : null;
        String conclusion = request.get("conclusion") instanceof JsonString c ? c.getString() : null;
        if ((request.containsKey("status") && (status == null || !CHECK_STATUSES.contains(status)))) {
            return validationFailed("status");
        }
        if (request.containsKey("conclusion") && (conclusion == null || !CONCLUSIONS.contains(conclusion))) {
            return validationFailed("conclusion");
        }
        if ("completed".equals(status) && conclusion == null) {
            return validationFailed("conclusion");
        }
        return null;
    }

    /**
     * The output: title and summary (at most 65535 characters) both required, at most 50 annotations, each with path,
     * start and end line, level and message (422 {@code Invalid request}, GitHub's words, when missing), a level of
     * notice, warning or failure, lines from 1 with the end not before the start, a title of at most 255 characters and
     * a message of at most 64 KB (422 {@code Validation Failed}). Null when fine.
     */
    private static Response outputProblem(JsonObject request) {
        if (!request.containsKey("output")) {
            return null;
        }
        if (!(request.get("output") instanceof JsonObject output)) {
            return validationFailed("output");
        }
        List<String> missing = new ArrayList<>();
        for (String field : List.of("summary", "title")) {
            if (!(output.get(field) instanceof JsonString)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            return error(422, "Invalid request.\n\n" + notSupplied(missing));
        }
        if (output.getString("summary").length() > 65_535) {
            return validationFailed("summary");
        }
        if (!output.containsKey("annotations")) {
            return null;
        }
        if (!(output.get("annotations") instanceof jakarta.json.JsonArray annotations)) {
            return validationFailed("annotations");
        }
        if (annotations.size() > 50) {
            return error(422, "Invalid request.\n\nNo more than 50 items are allowed; " + annotations.size()
                    + " were supplied.");
        }
        List<String> lines = new ArrayList<>();
        for (JsonValue value : annotations) {
            if (!(value instanceof JsonObject a)) {
                return validationFailed("annotations");
            }
            List<String> absent = ANNOTATION_FIELDS.stream().filter(f -> !a.containsKey(f) || a.isNull(f)).toList();
            if (!absent.isEmpty()) {
                lines.add(notSupplied(absent));
            }
        }
        if (!lines.isEmpty()) {
            return error(422, "Invalid request.\n\n" + String.join("\n", lines));
        }
        for (JsonValue value : annotations) {
            JsonObject a = value.asJsonObject();
            boolean valid = a.get("path") instanceof JsonString
                    && a.get("start_line") instanceof JsonNumber start && start.isIntegral() && start.intValue() >= 1
                    && a.get("end_line") instanceof JsonNumber end && end.isIntegral() && end.intValue() >= start.intValue()
                    && a.get("annotation_level") instanceof JsonString level && ANNOTATION_LEVELS.contains(level.getString())
                    && a.get("message") instanceof JsonString message
                    && message.getString().getBytes(StandardCharsets.UTF_8).length <= 64 * 1024
                    && (!a.containsKey("title") || a.get("title") instanceof JsonString title
                    && title.getString().length() <= 255);
            if (!valid) {
                return validationFailed("annotations");
            }
        }
        return null;
    }

    /** Applies a validated create or update: a conclusion completes the run, annotations are appended. */
    private void apply(CheckRunState run, JsonObject request) {
        if (request.get("status") instanceof JsonString status) {
            run.status = status.getString();
        }
        if (request.get("conclusion") instanceof JsonString conclusion) {
            run.conclusion = conclusion.getString();
            run.status = "completed";
        }
        if ("completed".equals(run.status) && run.completedAt == null) {
            run.completedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        }
        if (request.get("output") instanceof JsonObject output) {
            run.title = output.getString("title");
            run.summary = output.getString("summary");
            if (output.get("annotations") instanceof jakarta.json.JsonArray annotations) {
                for (JsonValue value : annotations) {
                    JsonObject a = value.asJsonObject();
                    run.annotations.add(new RecordedAnnotation(a.getString("path"), a.getInt("start_line"),
                            a.getInt("end_line"), a.getString("annotation_level"),
                            a.get("title") instanceof JsonString t ? t.getString() : null, a.getString("message")));
                }
            }
        }
    }

    private JsonObject checkRunJson(CheckRunState run) {
        String full = run.repository.owner() + "/" + run.repository.name();
        String html = "https://github.com/" + full + "/runs/" + run.id;
        JsonObjectBuilder output = JSON.createObjectBuilder()
                .add("title", run.title == null ? JsonValue.NULL : JSON.createValue(run.title))
                .add("summary", run.summary == null ? JsonValue.NULL : JSON.createValue(run.summary))
                .addNull("text").add("annotations_count", run.annotations.size())
                .add("annotations_url", baseUrl + "/repos/" + full + "/check-runs/" + run.id + "/annotations");
        return JSON.createObjectBuilder()
                .add("id", run.id).add("head_sha", run.headSha).add("external_id", "")
                .add("url", baseUrl + "/repos/" + full + "/check-runs/" + run.id)
                .add("html_url", html).add("details_url", html)
                .add("status", run.status)
                .add("conclusion", run.conclusion == null ? JsonValue.NULL : JSON.createValue(run.conclusion))
                .add("started_at", run.startedAt.toString())
                .add("completed_at", run.completedAt == null ? JsonValue.NULL : JSON.createValue(run.completedAt.toString()))
                .add("output", output).add("name", run.name)
                .add("check_suite", JSON.createObjectBuilder().add("id", run.id + 1_000_000))
                .add("app", JSON.createObjectBuilder().add("id", numericAppId).add("slug", "test-broker")
                        .add("name", "Test Broker"))
                .add("pull_requests", JSON.createArrayBuilder())
                .build();
    }

    /** GitHub's words for missing required fields: {@code "a" wasn't supplied.} or {@code "a", "b" weren't supplied.} */
    private static String notSupplied(List<String> fields) {
        return fields.stream().sorted().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "))
                + (fields.size() == 1 ? " wasn't supplied." : " weren't supplied.");
    }

    private static Response validationFailed(String field) {
        return new Response(422, JSON.createObjectBuilder().add("message", "Validation Failed")
                .add("errors", JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("resource", "CheckRun")
                        .add("code", "invalid").add("field", field)))
                .add("documentation_url", DOCS).build().toString(), Map.of());
    }

    /** The body as a JSON object, or null when it is not one. */
    private static JsonObject jsonObject(byte[] body) {
        try {
            return JSON.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code /user}, {@code /user/orgs}, {@code /user/teams}: personal token, ETag bound to token and body. */
    private Response userRoute(String routeKey, Map<String, String> headers, String query) {
        String token = credential(headers.get("authorization"));
        if (token == null) {
            return error(401, "Requires authentication");
        }
        Account user = users.get(token);
        if (user == null) {
            return validToken(token) != null ? error(403, "Resource not accessible by integration")
                    : error(401, "Bad credentials");
        }
        Response response = switch (routeKey) {
            case USER -> ok(200, JSON.createObjectBuilder().add("login", user.login()).add("id", user.id())
                    .add("type", "User").add("site_admin", false).add("url", baseUrl + "/users/" + user.login())
                    .add("html_url", "https://github.com/" + user.login()).build());
            case USER_ORGS -> paginate(userOrgs.getOrDefault(token, List.of()).stream()
                    .map(o -> organizationJson(o).build()).toList(), "/user/orgs", query);
            default -> paginate(userTeams.getOrDefault(token, List.of()).stream().map(this::teamJson).toList(),
                    "/user/teams", query);
        };
        String etag = "\"" + hex("SHA-256", (token + response.body()).getBytes(StandardCharsets.UTF_8)) + "\"";
        Map<String, String> withEtag = new LinkedHashMap<>(response.headers());
        withEtag.put("ETag", etag);
        // GitHub's 304 carries the ETag, not the 200's Link header: the client must keep the stored one
        return etagMatches(headers.get("if-none-match"), etag) ? new Response(304, null, Map.of("ETag", etag))
                : new Response(response.status(), response.body(), withEtag);
    }

    private JsonObjectBuilder organizationJson(Account org) {
        return JSON.createObjectBuilder().add("login", org.login()).add("id", org.id())
                .add("url", baseUrl + "/orgs/" + org.login()).addNull("description");
    }

    private JsonObject teamJson(Team t) {
        return JSON.createObjectBuilder().add("id", t.id()).add("name", t.name()).add("slug", t.slug())
                .addNull("description").add("privacy", "closed").add("permission", "pull")
                .add("url", baseUrl + "/organizations/" + t.organization().id() + "/team/" + t.id())
                .add("html_url", "https://github.com/orgs/" + t.organization().login() + "/teams/" + t.slug())
                .addNull("parent").add("organization", organizationJson(t.organization()))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** One page of {@code items} with GitHub's {@code Link} header: absolute URLs, no "next" on the last page. */
    private Response paginate(List<JsonObject> items, String path, String query) {
        Map<String, String> params = queryParams(query);
        int perPage = positive(params.get("per_page"), 30, 100);
        int page = positive(params.get("page"), 1, Integer.MAX_VALUE);
        int last = Math.max(1, (items.size() + perPage - 1) / perPage);
        int from = (int) Math.min((long) (page - 1) * perPage, items.size());
        JsonArrayBuilder array = JSON.createArrayBuilder();
        items.subList(from, Math.min(from + perPage, items.size())).forEach(array::add);
        Map<String, String> headers = new LinkedHashMap<>();
        if (last > 1) {
            String url = "<" + baseUrl + path + "?per_page=" + perPage + "&page=";
            List<String> links = new ArrayList<>();
            if (page > 1) {
                links.add(url + Math.min(page - 1, last) + ">; rel=\"prev\"");
            }
            if (page < last) {
                links.add(url + (page + 1) + ">; rel=\"next\"");
                links.add(url + last + ">; rel=\"last\"");
            }
            if (page > 1) {
                links.add(url + 1 + ">; rel=\"first\"");
            }
            headers.put("Link", String.join(", ", links));
        }
        return new Response(200, array.build().toString(), headers);
    }

    /** The query's parameters, decoded; the first value of each name. */
    private static Map<String, String> queryParams(String query) {
        Map<String, String> params = new HashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static int positive(String value, int fallback, int max) {
        try {
            int n = Integer.parseInt(value);
            return n < 1 ? fallback : Math.min(n, max);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Drops the connection in a way every client notices. A JDK HttpClient silently retries a GET whose connection
     * closes before any byte arrives, so this sends headers announcing a body and then closes (in {@link #handle})
     * without it: the client gets an IOException and does not retry.
     */
    private static void breakOff(HttpExchange exchange) {
        try {
            exchange.sendResponseHeaders(502, 1024);
        } catch (IOException e) {
            // already gone
        }
    }

    /** Sends the answer with GitHub's rate-limit headers; returns the status. */
    private int send(HttpExchange exchange, Response response) {
        var out = exchange.getResponseHeaders();
        out.set("x-ratelimit-limit", "5000");
        out.set("x-ratelimit-remaining", "4999");
        out.set("x-ratelimit-used", "1");
        out.set("x-ratelimit-reset", String.valueOf(clock.instant().getEpochSecond() + 3600));
        out.set("x-ratelimit-resource", "core");
        out.set("x-github-request-id", UUID.randomUUID().toString().toUpperCase(Locale.ROOT).substring(0, 23));
        byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        boolean empty = bytes.length == 0 || response.status() == 204 || response.status() == 304;
        if (!empty) {
            out.set("Content-Type", "application/json; charset=utf-8");
        }
        response.headers().forEach(out::set);
        try {
            exchange.sendResponseHeaders(response.status(), empty ? -1 : bytes.length);
            if (!empty) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            // the client went away; the status was still decided
        }
        return response.status();
    }

    private IssuedToken validToken(String token) {
        IssuedToken issued = token == null ? null : tokens.get(token);
        return issued != null && issued.expiresAt().isAfter(clock.instant()) ? issued : null;
    }

    private void forgetTokensOf(Installation installation) {
        if (installation != null) {
            tokens.values().removeIf(t -> t.installationId() == installation.id());
        }
    }

    private Repository repository(String owner, String repo) {
        return repositories.getOrDefault(key(owner), Map.of()).get(key(repo));
    }

    /** The credential of {@code Authorization: Bearer X} or {@code token X}, else null. */
    private static String credential(String authorization) {
        String[] parts = authorization == null ? new String[0] : authorization.trim().split("\\s+", 2);
        return parts.length == 2 && (parts[0].equalsIgnoreCase("Bearer") || parts[0].equalsIgnoreCase("token"))
                ? parts[1] : null;
    }

    private static boolean etagMatches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(c -> c.equals(etag) || c.equals("W/" + etag) || c.equals("*"));
    }

    private static Response error(int status, String message) {
        return new Response(status, JSON.createObjectBuilder().add("message", message)
                .add("documentation_url", DOCS).build().toString(), Map.of());
    }

    private static String message(String message) {
        return JSON.createObjectBuilder().add("message", message).build().toString();
    }

    private static Response ok(int status, JsonValue body) {
        return new Response(status, body.toString(), Map.of());
    }

    private static JsonObjectBuilder stringMap(Map<String, String> map) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        map.forEach(b::add);
        return b;
    }

    private static int rank(String level) {
        return level == null ? 0 : switch (level) {
            case "read" -> 1;
            case "write" -> 2;
            case "admin" -> 3;
            default -> 0;
        };
    }

    /** Base64 as the contents API sends it: a newline after every 60 characters and after the last line. */
    private static String wrappedBase64(byte[] bytes) {
        String wrapped = Base64.getMimeEncoder(60, new byte[] {'\n'}).encodeToString(bytes);
        return wrapped.isEmpty() ? wrapped : wrapped + "\n";
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String encoded) {
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String fileKey(String owner, String repo, String path) {
        return key(owner) + "/" + key(repo) + "/" + path;
    }

    private static String commitKey(String owner, String repo, String sha) {
        return key(owner) + "/" + key(repo) + "@" + key(sha);
    }

    private static String pullKey(String owner, String repo, long number) {
        return key(owner) + "/" + key(repo) + "#" + number;
    }

    private static void requireSha(String sha) {
        if (sha == null || !COMMIT_SHA.matcher(sha).matches()) {
            throw new IllegalArgumentException("not a full commit SHA: " + sha);
        }
    }

    /** A path segment percent-encoded as GitHub writes it in URLs (unreserved characters kept). */
    private static String encodeSegment(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void locked(Runnable action) {
        synchronized (lock) {
            action.run();
        }
    }

    private <T> T locked(Supplier<T> action) {
        synchronized (lock) {
            return action.get();
        }
    }
}
