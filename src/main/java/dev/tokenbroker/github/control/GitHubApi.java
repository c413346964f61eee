package dev.tokenbroker.github.control;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.tokenbroker.github.entity.AppInfo;
import dev.tokenbroker.github.entity.CheckAnnotation;
import dev.tokenbroker.github.entity.CheckRun;
import dev.tokenbroker.github.entity.GitHubCredential;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubForbiddenException;
import dev.tokenbroker.github.entity.GitHubNotFoundException;
import dev.tokenbroker.github.entity.GitHubOutcomeUnknownException;
import dev.tokenbroker.github.entity.GitHubPaginationException;
import dev.tokenbroker.github.entity.GitHubRejectedException;
import dev.tokenbroker.github.entity.GitHubUnauthorizedException;
import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;
import dev.tokenbroker.github.entity.GitHubUser;
import dev.tokenbroker.github.entity.Installation;
import dev.tokenbroker.github.entity.InstallationToken;
import dev.tokenbroker.github.entity.MintedToken;
import dev.tokenbroker.github.entity.Organization;
import dev.tokenbroker.github.entity.RepositoryFile;
import dev.tokenbroker.github.entity.ScopedTokenRequest;
import dev.tokenbroker.github.entity.Team;
import dev.tokenbroker.github.entity.TokenRequest;
import dev.tokenbroker.github.entity.UnreadableFileException;
import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.LogLines;

/**
 * The broker's one adapter to GitHub's REST API (github-api.md §9): every operation any feature needs, in GitHub's
 * terms, returning values or throwing a {@link GitHubException} subtype. Names from untrusted input are validated
 * and encoded here before they become URLs. Nothing here knows about policies or Vault.
 */
@ApplicationScoped
public class GitHubApi {

    private static final String MINT = "POST /app/installations/{id}/access_tokens";
    private static final String PULL_FILES = "GET /repos/{owner}/{repo}/pulls/{pull_number}/files";
    private static final String CREATE_CHECK_RUN = "POST /repos/{owner}/{repo}/check-runs";

    /** GitHub lists at most this many files of a pull request. */
    static final int MAX_PULL_REQUEST_FILES = 3000;
    /** GitHub takes at most this many annotations in one create or update call. */
    static final int MAX_ANNOTATIONS_PER_REQUEST = 50;
    /** The broker's own bound on one check run's annotations (20 calls); a reader of a pull request gains nothing from more. */
    static final int MAX_ANNOTATIONS = 1000;
    static final int MAX_ANNOTATION_TITLE_CHARS = 255;
    /** GitHub's "64 KB", read as the smaller of the two meanings. */
    static final int MAX_ANNOTATION_MESSAGE_BYTES = 65_535;
    static final int MAX_SUMMARY_CHARS = 65_535;
    private static final String ELLIPSIS = "\u2026";
    /** GitHub's advice: at least a second between mutating calls (github-api.md §4.2). */
    private static final Duration WRITE_SPACING = Duration.ofSeconds(1);

    private static final Logger LOG = LogLines.logger(GitHubApi.class);
    private static final Duration APP_REFRESH = Duration.ofHours(1);
    private static final int MAX_PAGES = 50;

    @Inject
    GitHubClient client;

    @Inject
    GitHubSettings settings;

    @Inject
    InstallationCache installations;

    @Inject
    Clock clock;

    private record CachedApp(AppInfo app, Instant fetchedAt) {
    }

    private volatile CachedApp cachedApp;

    /** The pause between the calls that write one check run; shorter only in tests. */
    Duration writeSpacing = WRITE_SPACING;

    /** {@code GET /app}: the App's own record, fetched lazily and refreshed hourly. */
    public AppInfo app() {
        CachedApp cached = cachedApp;
        if (cached != null && clock.instant().isBefore(cached.fetchedAt().plus(APP_REFRESH))) {
            return cached.app();
        }
        String call = "GET /app";
        JsonObject o = GitHubJson.object(call, client.call(GitHubRequest.get(api("/app"), GitHubCredential.app())).body());
        AppInfo app = new AppInfo(GitHubJson.number(call, o, "id"), GitHubJson.optionalString(o, "slug", ""),
                GitHubJson.optionalString(o, "name", ""), GitHubJson.optionalString(o, "html_url", ""),
                GitHubJson.stringMap(o, "permissions"));
        cachedApp = new CachedApp(app, clock.instant());
        return app;
    }

    /**
     * The App's installation on a user or organisation ({@code GET /users/{owner}/installation}, which serves both).
     *
     * @throws GitHubNotFoundException when the App is not installed there (remembered for the negative TTL)
     */
    public Installation installationForOwner(String owner) {
        String login = GitHubPaths.login(owner);
        return installations.forOwner(login, () -> lookup(api("/users/" + login + "/installation")))
                .orElseThrow(() -> new GitHubNotFoundException("the installation on " + login, "Not Found"));
    }

    /** The App's installation that covers one repository ({@code GET /repos/{owner}/{repo}/installation}). */
    public Installation installationForRepository(String owner, String repository) {
        String login = GitHubPaths.login(owner);
        String name = GitHubPaths.repository(repository);
        return installations.forRepository(login, name, () -> lookup(api("/repos/" + login + "/" + name + "/installation")))
                .orElseThrow(() -> new GitHubNotFoundException("the installation on " + login + "/" + name, "Not Found"));
    }

    /** Every installation of the App ({@code GET /app/installations}, all pages). Not cached. */
    public List<Installation> installations() {
        return allPages(api("/app/installations?per_page=100"), GitHubCredential.app(), false,
                o -> installation("GET /app/installations", o));
    }

    /**
     * Mints an installation token for exactly what is asked ({@code POST /app/installations/{id}/access_tokens}).
     * When GitHub refuses because the installation changed or is gone (401, 403, 404, 422), the cached installation
     * is dropped. If GitHub grants a repository or a permission level that was not asked for, the token is revoked
     * at once and the mint fails: nothing broader than requested ever leaves the broker.
     */
    public InstallationToken mint(long installationId, TokenRequest request) {
        JsonObjectBuilder body = CachedJson.createObjectBuilder();
        request.repositories().ifPresent(repos -> {
            JsonArrayBuilder names = CachedJson.createArrayBuilder();
            repos.forEach(r -> names.add(GitHubPaths.repository(r)));
            body.add("repositories", names);
        });
        JsonObjectBuilder permissions = CachedJson.createObjectBuilder();
        request.permissions().forEach(permissions::add);
        body.add("permissions", permissions);
        InstallationToken token = token(postMint(installationId, body.build()));
        refuseExcess(token.token(), excess(request, token));
        return token;
    }

    /**
     * Mints an installation token as the Vault secrets engine asks for it (vault-api.md §7.2): empty members are left
     * out, so no {@code permissions} means everything the installation holds and no repositories every repository
     * it sees. GitHub's answer is returned as it came, for callers that pass it through. What the request does name
     * is enforced as in {@link #mint(long, TokenRequest)}: a broader grant is revoked and fails the mint.
     */
    public MintedToken mintAsAsked(long installationId, ScopedTokenRequest request) {
        JsonObjectBuilder body = CachedJson.createObjectBuilder();
        if (!request.repositories().isEmpty()) {
            JsonArrayBuilder names = CachedJson.createArrayBuilder();
            request.repositories().forEach(names::add);
            body.add("repositories", names);
        }
        if (!request.repositoryIds().isEmpty()) {
            JsonArrayBuilder ids = CachedJson.createArrayBuilder();
            request.repositoryIds().forEach(ids::add);
            body.add("repository_ids", ids);
        }
        if (!request.permissions().isEmpty()) {
            JsonObjectBuilder permissions = CachedJson.createObjectBuilder();
            request.permissions().forEach(permissions::add);
            body.add("permissions", permissions);
        }
        JsonObject answer = postMint(installationId, body.build());
        InstallationToken token = token(answer);
        refuseExcess(token.token(), excess(request, token, answer));
        return new MintedToken(token, answer);
    }

    private JsonObject postMint(long installationId, JsonObject body) {
        GitHubResponse response;
        try {
            response = client.call(GitHubRequest.post(api("/app/installations/" + installationId + "/access_tokens"),
                    GitHubCredential.app(), body.toString()));
        } catch (GitHubNotFoundException | GitHubUnauthorizedException | GitHubRejectedException | GitHubForbiddenException e) {
            installations.evict(installationId);
            throw e;
        }
        return GitHubJson.object(MINT, response.body());
    }

    private static InstallationToken token(JsonObject o) {
        try {
            List<String> repositories = new ArrayList<>();
            if (o.get("repositories") instanceof jakarta.json.JsonArray repos) {
                for (JsonValue r : repos) {
                    if (r instanceof JsonObject repo) {
                        repositories.add(GitHubJson.string(MINT, repo, "name"));
                    }
                }
            }
            return new InstallationToken(GitHubJson.string(MINT, o, "token"),
                    Instant.parse(GitHubJson.string(MINT, o, "expires_at")), GitHubJson.stringMap(o, "permissions"),
                    GitHubJson.optionalString(o, "repository_selection", ""), repositories);
        } catch (DateTimeParseException e) {
            throw GitHubJson.shape(MINT, "an ISO 8601 'expires_at'");
        }
    }

    private void refuseExcess(String token, Optional<String> excess) {
        if (excess.isPresent()) {
            revokeQuietly(token);
            throw new GitHubUnexpectedResponseException("GitHub issued a broader token than requested (" + excess.get()
                    + "); it was revoked", 201, "");
        }
    }

    /**
     * Revokes an installation token with itself ({@code DELETE /installation/token}). A 401 means it is already
     * expired or revoked, which counts as done.
     */
    public void revoke(String token) {
        try {
            client.call(GitHubRequest.delete(api("/installation/token"), GitHubCredential.installationToken(token)));
        } catch (GitHubUnauthorizedException e) {
            LOG.fine("revoked token was already invalid");
        }
    }

    /**
     * Reads a file from a repository's default branch with a token of installation {@code installationId}. The ETag of the last read with the
     * same token is sent, and a 304 answers with the cached text.
     *
     * @throws GitHubNotFoundException when the file does not exist or the token cannot see it
     * @throws UnreadableFileException when the path is not a regular file, is larger than {@code maxBytes} or not UTF-8
     */
    public RepositoryFile readFile(long installationId, String installationToken, String owner, String repository, String path,
                                   long maxBytes) {
        URI uri = api(contentsPath(owner, repository, path));
        GitHubResponse response = client.conditionalGet(GitHubRequest.get(uri,
                GitHubCredential.installationToken(installationToken, installationId)));
        return repositoryFile(path, response, maxBytes);
    }

    /**
     * Reads a file as it is at one commit ({@code GET /repos/{owner}/{repo}/contents/{path}?ref={sha}}), decoded and
     * limited as {@link #readFile} does. Not revalidated with ETags: a commit's content never changes, and these
     * reads (a pull request's head) are rarely repeated, so they would only crowd the conditional-read cache.
     *
     * @param ref a full commit SHA (40 or 64 hexadecimal digits); a branch or tag name is refused, since what it
     *            names can change between the check and the read
     * @throws IllegalArgumentException when {@code ref} is not a full commit SHA
     * @throws GitHubNotFoundException  when the commit or the file at it does not exist, or the token cannot see it
     * @throws UnreadableFileException  as {@link #readFile}
     */
    public RepositoryFile readFileAt(long installationId, String installationToken, String owner, String repository,
                                     String path, String ref, long maxBytes) {
        String sha = GitHubPaths.commitSha(ref);
        URI uri = api(contentsPath(owner, repository, path) + "?ref=" + sha);
        GitHubResponse response = client.call(GitHubRequest.get(uri,
                GitHubCredential.installationToken(installationToken, installationId)));
        return repositoryFile(path, response, maxBytes);
    }

    private static String contentsPath(String owner, String repository, String path) {
        return "/repos/" + GitHubPaths.login(owner) + "/" + GitHubPaths.repository(repository) + "/contents/"
                + GitHubPaths.filePath(path);
    }

    /** A contents API answer as a file: a regular file, base64, within {@code maxBytes}, UTF-8 (a BOM dropped). */
    private static RepositoryFile repositoryFile(String path, GitHubResponse response, long maxBytes) {
        String call = "GET /repos/{owner}/{repo}/contents/{path}";
        if (!(GitHubJson.read(call, response.body()) instanceof JsonObject o)) {
            throw new UnreadableFileException(path + " is a directory, not a file");
        }
        String type = GitHubJson.optionalString(o, "type", "");
        if (!type.equals("file")) {
            throw new UnreadableFileException(path + " is a " + (type.isEmpty() ? "non-file" : type) + ", not a regular file");
        }
        long size = GitHubJson.number(call, o, "size");
        if (size > maxBytes) {
            throw new UnreadableFileException(path + " is " + size + " bytes, larger than the limit of " + maxBytes);
        }
        if (!"base64".equals(GitHubJson.optionalString(o, "encoding", ""))) {
            throw new UnreadableFileException(path + " was not delivered base64-encoded");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(GitHubJson.string(call, o, "content"));
        } catch (IllegalArgumentException e) {
            throw GitHubJson.shape(call, "valid base64 content");
        }
        if (bytes.length > maxBytes) {
            throw new UnreadableFileException(path + " is larger than the limit of " + maxBytes + " bytes");
        }
        String text = utf8(path, bytes);
        return new RepositoryFile(GitHubJson.optionalString(o, "path", path), GitHubJson.optionalString(o, "sha", ""),
                size, text, response.header("etag").orElse(""), response.notModified());
    }

    /**
     * The files a pull request changes, as of its head now ({@code GET /repos/{owner}/{repo}/pulls/{pull_number}/files},
     * 100 a page, every {@code next} page): each entry's {@code filename} (a renamed file's new name), in GitHub's
     * order, leaving out files the pull request removes. GitHub lists at most {@value #MAX_PULL_REQUEST_FILES} files
     * and so does this: for a larger pull request the list is incomplete, which is logged; a caller that must not
     * miss a file can compare the pull request's {@code changed_files}. Pages are not revalidated with ETags.
     *
     * @throws GitHubNotFoundException when the pull request does not exist or the token cannot see the repository
     */
    public List<String> pullRequestFiles(long installationId, String installationToken, String owner, String repository,
                                         long number) {
        if (number < 1) {
            throw new IllegalArgumentException("not a pull request number: " + number);
        }
        URI first = api("/repos/" + GitHubPaths.login(owner) + "/" + GitHubPaths.repository(repository) + "/pulls/"
                + number + "/files?per_page=100");
        List<String> files = pages(first, GitHubCredential.installationToken(installationToken, installationId), false,
                false, MAX_PULL_REQUEST_FILES, o -> "removed".equals(GitHubJson.string(PULL_FILES, o, "status"))
                        ? null : GitHubJson.string(PULL_FILES, o, "filename"));
        if (files.size() >= MAX_PULL_REQUEST_FILES) {
            LOG.warning("pull request " + number + " of " + owner + "/" + repository + " lists " + MAX_PULL_REQUEST_FILES
                    + " files, as many as GitHub lists; files beyond them are not seen");
        }
        files.removeIf(java.util.Objects::isNull);
        return files;
    }

    /**
     * Posts a completed check run on a commit ({@code POST /repos/{owner}/{repo}/check-runs}) with its first
     * {@value #MAX_ANNOTATIONS_PER_REQUEST} annotations, then the rest in batches of as many with
     * {@code PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}}, which appends them, a second apart (GitHub asks
     * for that between writes). At most {@value #MAX_ANNOTATIONS} annotations are sent; the summary then says how
     * many were left out. Texts over GitHub's limits are shortened (see {@link #checkRunBodies}). Like the mint, a
     * call GitHub may have acted on is not repeated: if an update fails, the check run stays as far as it got and
     * the exception says why; calling again makes a new check run, which GitHub shows in place of the old one of the
     * same name. Needs a token with {@code checks: write}.
     *
     * @throws IllegalArgumentException  when the head SHA is not a full commit SHA, or a name is not GitHub's
     * @throws GitHubRejectedException   (422) e.g. when GitHub knows no such commit in the repository
     * @throws GitHubForbiddenException  when the token lacks {@code checks: write}
     */
    public void createCheckRun(long installationId, String installationToken, String owner, String repository,
                               CheckRun run) {
        String checkRuns = "/repos/" + GitHubPaths.login(owner) + "/" + GitHubPaths.repository(repository) + "/check-runs";
        GitHubPaths.commitSha(run.headSha());
        GitHubCredential credential = GitHubCredential.installationToken(installationToken, installationId);
        List<JsonObject> bodies = checkRunBodies(run);
        GitHubResponse created = client.call(GitHubRequest.post(api(checkRuns), credential, bodies.get(0).toString()));
        long id = GitHubJson.number(CREATE_CHECK_RUN, GitHubJson.object(CREATE_CHECK_RUN, created.body()), "id");
        for (JsonObject update : bodies.subList(1, bodies.size())) {
            pauseBetweenWrites();
            client.call(GitHubRequest.patch(api(checkRuns + "/" + id), credential, update.toString()));
        }
    }

    /**
     * The request bodies of one check run: the create call's, then one update per further batch of
     * {@value #MAX_ANNOTATIONS_PER_REQUEST} annotations (each repeating title and summary, which GitHub requires of an
     * update's output). Within GitHub's limits: an annotation's title at most {@value #MAX_ANNOTATION_TITLE_CHARS}
     * characters, its message at most {@value #MAX_ANNOTATION_MESSAGE_BYTES} bytes, the summary at most
     * {@value #MAX_SUMMARY_CHARS} characters; longer ones are cut and end in "…". Annotations beyond
     * {@value #MAX_ANNOTATIONS} are dropped and counted in the summary.
     */
    static List<JsonObject> checkRunBodies(CheckRun run) {
        List<CheckAnnotation> annotations = run.annotations();
        String summary;
        if (annotations.size() > MAX_ANNOTATIONS) {
            String note = "\n\n" + (annotations.size() - MAX_ANNOTATIONS) + " more annotations were left out: at most "
                    + MAX_ANNOTATIONS + " are sent with one check run.";
            summary = limitChars(run.summary(), MAX_SUMMARY_CHARS - note.length()) + note;
            annotations = annotations.subList(0, MAX_ANNOTATIONS);
        } else {
            summary = limitChars(run.summary(), MAX_SUMMARY_CHARS);
        }
        List<JsonObject> bodies = new ArrayList<>();
        int from = 0;
        do {
            List<CheckAnnotation> batch = annotations.subList(from, Math.min(from + MAX_ANNOTATIONS_PER_REQUEST,
                    annotations.size()));
            JsonObjectBuilder output = CachedJson.createObjectBuilder().add("title", run.title()).add("summary", summary);
            if (!batch.isEmpty()) {
                JsonArrayBuilder array = CachedJson.createArrayBuilder();
                batch.forEach(a -> array.add(annotation(a)));
                output.add("annotations", array);
            }
            JsonObjectBuilder body = CachedJson.createObjectBuilder();
            if (from == 0) {
                body.add("name", run.name()).add("head_sha", run.headSha()).add("status", "completed")
                        .add("conclusion", run.conclusion());
            }
            bodies.add(body.add("output", output).build());
            from += MAX_ANNOTATIONS_PER_REQUEST;
        } while (from < annotations.size());
        return bodies;
    }

    private static JsonObject annotation(CheckAnnotation a) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder().add("path", a.path()).add("start_line", a.startLine())
                .add("end_line", a.endLine()).add("annotation_level", a.level());
        if (a.title() != null && !a.title().isBlank()) {
            o.add("title", limitChars(a.title(), MAX_ANNOTATION_TITLE_CHARS));
        }
        return o.add("message", limitUtf8(a.message(), MAX_ANNOTATION_MESSAGE_BYTES)).build();
    }

    /** {@code text} in at most {@code max} UTF-16 characters, ending in "…" when cut; a surrogate pair is never split. */
    static String limitChars(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /** {@code text} in at most {@code maxBytes} bytes of UTF-8, ending in "…" when cut; a character is never split. */
    static String limitUtf8(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int budget = maxBytes - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int c = text.codePointAt(end);
            int bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (used + bytes > budget) {
                break;
            }
            used += bytes;
            end += Character.charCount(c);
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    private void pauseBetweenWrites() {
        try {
            Thread.sleep(writeSpacing.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubOutcomeUnknownException("interrupted between the writes of a check run", 0, e);
        }
    }

    /** {@code GET /user} with a person's token: who they are. */
    public GitHubUser user(String personalToken) {
        return user(settings.apiUrl(), personalToken, false);
    }

    /**
     * {@code GET {base}user} for a personal-token login: sent once (no retries, no rate-limit wait; vault-api.md §4.3),
     * revalidated with the ETag of this token's last answer. The other {@code (URI base, …)} methods behave the same.
     *
     * @param base an API root such as {@code https://api.github.com} or {@code https://ghe/api/v3} (a trailing
     *             {@code /} is optional); the personal token is only ever sent there
     */
    public GitHubUser user(URI base, String personalToken) {
        return user(base, personalToken, true);
    }

    private GitHubUser user(URI base, String personalToken, boolean once) {
        String call = "GET /user";
        GitHubRequest request = GitHubRequest.get(at(base, "user"), GitHubCredential.userToken(personalToken));
        JsonObject o = GitHubJson.object(call, client.conditionalGet(once ? request.once() : request).body());
        return new GitHubUser(GitHubJson.string(call, o, "login"), GitHubJson.number(call, o, "id"));
    }

    /** {@code GET /user/orgs}, all pages: the organisations a person's token can see. */
    public List<Organization> userOrganizations(String personalToken) {
        return userOrganizations(settings.apiUrl(), personalToken, false);
    }

    /** {@code GET {base}user/orgs?per_page=100} and every {@code next} page on the same host, each sent once. */
    public List<Organization> userOrganizations(URI base, String personalToken) {
        return userOrganizations(base, personalToken, true);
    }

    private List<Organization> userOrganizations(URI base, String personalToken, boolean once) {
        String call = "GET /user/orgs";
        return allPages(at(base, "user/orgs?per_page=100"), GitHubCredential.userToken(personalToken), once,
                o -> new Organization(GitHubJson.string(call, o, "login"), GitHubJson.number(call, o, "id")));
    }

    /** {@code GET /user/teams}, all pages: the teams of the token's user, each with its organisation. */
    public List<Team> userTeams(String personalToken) {
        return userTeams(settings.apiUrl(), personalToken, false);
    }

    /**
     * {@code GET {base}user/teams?per_page=100}, all pages, each sent once. A team without an {@code organization}
     * object is left out (it cannot belong to the configured organisation).
     */
    public List<Team> userTeams(URI base, String personalToken) {
        return userTeams(base, personalToken, true);
    }

    private List<Team> userTeams(URI base, String personalToken, boolean once) {
        String call = "GET /user/teams";
        List<Team> teams = allPages(at(base, "user/teams?per_page=100"), GitHubCredential.userToken(personalToken), once,
                o -> team(call, o));
        teams.removeIf(java.util.Objects::isNull);
        return teams;
    }

    /**
     * One entry of {@code /user/teams}, or null for a team without an organisation. Its name, slug and organisation
     * id decide the mapping and must be there; the rest is read when present and never required.
     */
    static Team team(String call, JsonObject o) {
        if (!(o.get("organization") instanceof JsonObject org)) {
            return null;
        }
        long id = o.get("id") instanceof jakarta.json.JsonNumber n && n.isIntegral() ? n.longValue() : 0;
        return new Team(id, GitHubJson.string(call, o, "name"), GitHubJson.string(call, o, "slug"),
                GitHubJson.number(call, org, "id"), GitHubJson.optionalString(org, "login", ""));
    }

    /** {@code GET /orgs/{org}}: an organisation's id, with whatever credential the caller has (or none). */
    public Organization organization(String login, GitHubCredential credential) {
        return organization(settings.apiUrl(), login, credential, false);
    }

    /** {@code GET {base}orgs/{org}}, sent once. */
    public Organization organization(URI base, String login, GitHubCredential credential) {
        return organization(base, login, credential, true);
    }

    private Organization organization(URI base, String login, GitHubCredential credential, boolean once) {
        String call = "GET /orgs/{org}";
        GitHubRequest request = GitHubRequest.get(at(base, "orgs/" + GitHubPaths.login(login)), credential);
        JsonObject o = GitHubJson.object(call, client.conditionalGet(once ? request.once() : request).body());
        return new Organization(GitHubJson.string(call, o, "login"), GitHubJson.number(call, o, "id"));
    }

    /** {@code relative} resolved against an API root, whether or not the root ends in {@code /}. */
    static URI at(URI base, String relative) {
        String root = base.toString();
        return URI.create((root.endsWith("/") ? root : root + "/") + relative);
    }

    private Optional<Installation> lookup(URI uri) {
        try {
            GitHubResponse response = client.call(GitHubRequest.get(uri, GitHubCredential.app()));
            return Optional.of(installation("GET installation", GitHubJson.object("GET installation", response.body())));
        } catch (GitHubNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Installation installation(String call, JsonObject o) {
        JsonObject account = GitHubJson.child(call, o, "account");
        List<String> paths = GitHubJson.strings(o, "single_file_paths");
        if (paths.isEmpty() && o.get("single_file_name") instanceof jakarta.json.JsonString single) {
            paths = List.of(single.getString());
        }
        boolean suspended = o.containsKey("suspended_at") && o.get("suspended_at").getValueType() != JsonValue.ValueType.NULL;
        return new Installation(GitHubJson.number(call, o, "id"), GitHubJson.string(call, account, "login"),
                GitHubJson.number(call, account, "id"), GitHubJson.optionalString(o, "target_type", ""),
                GitHubJson.optionalString(o, "repository_selection", ""), GitHubJson.stringMap(o, "permissions"), paths,
                suspended);
    }

    private <T> List<T> allPages(URI first, GitHubCredential credential, boolean once, Function<JsonObject, T> item) {
        return pages(first, credential, once, true, Integer.MAX_VALUE, item);
    }

    /**
     * Every page from {@code first} on, following {@code Link: rel="next"}, each entry through {@code item} (whose
     * null results are kept, so that the caller can drop them): at most {@value #MAX_PAGES} pages, else a
     * {@link GitHubPaginationException}, and no page after {@code maxItems} entries.
     *
     * @param conditional revalidate each page with the ETag of its last answer to this credential
     */
    private <T> List<T> pages(URI first, GitHubCredential credential, boolean once, boolean conditional, int maxItems,
                              Function<JsonObject, T> item) {
        List<T> out = new ArrayList<>();
        URI next = first;
        for (int page = 1; page <= MAX_PAGES; page++) {
            GitHubRequest request = once ? GitHubRequest.get(next, credential).once() : GitHubRequest.get(next, credential);
            GitHubResponse response = conditional ? client.conditionalGet(request) : client.call(request);
            for (JsonValue v : GitHubJson.array(request.describe(), response.body())) {
                if (!(v instanceof JsonObject o)) {
                    throw GitHubJson.shape(request.describe(), "an array of objects");
                }
                if (out.size() >= maxItems) {
                    return out;
                }
                out.add(item.apply(o));
            }
            Optional<String> link = LinkHeader.next(response.header("link").orElse(null));
            if (link.isEmpty() || out.size() >= maxItems) {
                return out;
            }
            next = nextPage(request, link.get());
        }
        throw new GitHubPaginationException("the answer to " + first.getRawPath() + " has more than " + MAX_PAGES
                + " pages");
    }

    private URI nextPage(GitHubRequest request, String link) {
        try {
            URI uri = request.uri().resolve(link);
            if (request.sameOrigin(uri)) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new GitHubPaginationException("the next page of " + request.describe() + " is on another host; not followed");
    }

    private void revokeQuietly(String token) {
        try {
            revoke(token);
        } catch (GitHubException e) {
            LOG.severe("Could not revoke an over-broad token GitHub issued (" + e.getMessage() + "); it expires within an hour");
        }
    }

    /** What GitHub granted beyond the request: an unrequested repository or a higher level, if anything. */
    static Optional<String> excess(TokenRequest request, InstallationToken token) {
        for (Map.Entry<String, String> granted : token.permissions().entrySet()) {
            String asked = request.permissions().get(granted.getKey());
            boolean implicitMetadata = granted.getKey().equals("metadata") && granted.getValue().equals("read");
            if (asked == null ? !implicitMetadata : rank(granted.getValue()) > rank(asked)) {
                return Optional.of("permission " + granted.getKey() + ":" + granted.getValue());
            }
        }
        if (request.repositories().isPresent()) {
            List<String> asked = request.repositories().get().stream().map(r -> r.toLowerCase(java.util.Locale.ROOT)).toList();
            if ("all".equals(token.repositorySelection())) {
                return Optional.of("all repositories");
            }
            for (String repo : token.repositories()) {
                if (!asked.contains(repo.toLowerCase(java.util.Locale.ROOT))) {
                    return Optional.of("repository " + repo);
                }
            }
        }
        return Optional.empty();
    }

    /** {@link #excess(TokenRequest, InstallationToken)} for what a scoped request names; unnamed members are not limits. */
    static Optional<String> excess(ScopedTokenRequest request, InstallationToken token, JsonObject answer) {
        if (!request.permissions().isEmpty()) {
            Optional<String> permission = excess(new TokenRequest(Optional.empty(), request.permissions()), token);
            if (permission.isPresent()) {
                return permission;
            }
        }
        if (request.repositories().isEmpty() && request.repositoryIds().isEmpty()) {
            return Optional.empty();
        }
        if ("all".equals(token.repositorySelection())) {
            return Optional.of("all repositories");
        }
        List<String> names = request.repositories().stream().map(r -> r.toLowerCase(java.util.Locale.ROOT)).toList();
        if (answer.get("repositories") instanceof jakarta.json.JsonArray repos) {
            for (JsonValue r : repos) {
                if (r instanceof JsonObject repo) {
                    String name = GitHubJson.optionalString(repo, "name", "");
                    long id = repo.get("id") instanceof jakarta.json.JsonNumber n ? n.longValue() : -1;
                    if (!names.contains(name.toLowerCase(java.util.Locale.ROOT)) && !request.repositoryIds().contains(id)) {
                        return Optional.of("repository " + name);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static int rank(String level) {
        return switch (level) {
            case "read" -> 1;
            case "write" -> 2;
            case "admin" -> 3;
            default -> 4;
        };
    }

    private static String utf8(String path, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException(path + " is not valid UTF-8");
        }
    }

    private URI api(String pathAndQuery) {
        return URI.create(settings.apiUrl() + pathAndQuery);
    }
}
