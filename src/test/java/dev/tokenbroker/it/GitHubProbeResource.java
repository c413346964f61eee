package dev.tokenbroker.it;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tokenbroker.github.control.GitHubApi;
import dev.tokenbroker.github.entity.CheckAnnotation;
import dev.tokenbroker.github.entity.CheckRun;
import dev.tokenbroker.github.entity.GitHubException;
import dev.tokenbroker.github.entity.GitHubNotConfiguredException;
import dev.tokenbroker.github.entity.GitHubRateLimitedException;
import dev.tokenbroker.github.entity.GitHubUnavailableException;
import dev.tokenbroker.github.entity.Installation;
import dev.tokenbroker.github.entity.InstallationToken;
import dev.tokenbroker.github.entity.RepositoryFile;
import dev.tokenbroker.github.entity.Team;
import dev.tokenbroker.github.entity.TokenRequest;

/**
 * Test-only: added to the WAR by the integration tests (never shipped) so they can drive the GitHub adapter inside
 * the real server and see its outcome as JSON: {@code {"ok":true,...}} or
 * {@code {"ok":false,"type":<exception>,"message":...,"retryAfter":<s>}}; an argument the adapter refuses is
 * {@code "type":"IllegalArgumentException"} with status 400.
 */
@Path("it/github")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class GitHubProbeResource {

    @Inject
    GitHubApi github;

    @GET
    @Path("app")
    public Response app() {
        return outcome(() -> Json.createObjectBuilder().add("name", github.app().name()).add("id", github.app().id()));
    }

    @GET
    @Path("installations/{owner}")
    public Response ownerInstallation(@PathParam("owner") String owner) {
        return outcome(() -> installation(github.installationForOwner(owner)));
    }

    @GET
    @Path("installations/{owner}/{repo}")
    public Response repositoryInstallation(@PathParam("owner") String owner, @PathParam("repo") String repo) {
        return outcome(() -> installation(github.installationForRepository(owner, repo)));
    }

    /** {@code perms} as {@code contents:read,issues:write}; {@code repos} comma-separated, absent for all. */
    @POST
    @Path("mint/{installationId}")
    public Response mint(@PathParam("installationId") long installationId, @QueryParam("repos") String repos,
                         @QueryParam("perms") String perms) {
        return outcome(() -> {
            Map<String, String> permissions = new LinkedHashMap<>();
            for (String p : perms.split(",")) {
                String[] kv = p.split(":");
                permissions.put(kv[0], kv[1]);
            }
            TokenRequest request = repos == null ? TokenRequest.forAllRepositories(permissions)
                    : TokenRequest.forRepositories(Arrays.asList(repos.split(",")), permissions);
            InstallationToken token = github.mint(installationId, request);
            JsonArrayBuilder names = Json.createArrayBuilder();
            token.repositories().forEach(names::add);
            return Json.createObjectBuilder().add("token", token.token()).add("expiresAt", token.expiresAt().toString())
                    .add("repositories", names);
        });
    }

    @POST
    @Path("revoke")
    public Response revoke(@HeaderParam("X-Token") String token) {
        return outcome(() -> {
            github.revoke(token);
            return Json.createObjectBuilder();
        });
    }

    @GET
    @Path("files/{owner}/{repo}")
    public Response file(@PathParam("owner") String owner, @PathParam("repo") String repo, @QueryParam("path") String path,
                         @HeaderParam("X-Token") String token) {
        return outcome(() -> {
            RepositoryFile f = github.readFile(0, token, owner, repo, path, 102_400);
            return Json.createObjectBuilder().add("text", f.text()).add("sha", f.sha()).add("etag", f.etag())
                    .add("notModified", f.notModified());
        });
    }

    /** A file at a commit ({@code readFileAt}), read with the X-Token of installation {@code installation}. */
    @GET
    @Path("commits/{owner}/{repo}/{ref}/file")
    public Response fileAt(@PathParam("owner") String owner, @PathParam("repo") String repo, @PathParam("ref") String ref,
                           @QueryParam("path") String path, @QueryParam("installation") long installation,
                           @HeaderParam("X-Token") String token) {
        return outcome(() -> {
            RepositoryFile f = github.readFileAt(installation, token, owner, repo, path, ref, 102_400);
            return Json.createObjectBuilder().add("text", f.text()).add("sha", f.sha()).add("path", f.path());
        });
    }

    @GET
    @Path("pulls/{owner}/{repo}/{number}/files")
    public Response pullRequestFiles(@PathParam("owner") String owner, @PathParam("repo") String repo,
                                     @PathParam("number") long number, @QueryParam("installation") long installation,
                                     @HeaderParam("X-Token") String token) {
        return outcome(() -> {
            List<String> files = github.pullRequestFiles(installation, token, owner, repo, number);
            return Json.createObjectBuilder().add("count", files.size()).add("files", Json.createArrayBuilder(files));
        });
    }

    /**
     * Posts check run {@code name} on {@code headSha} with {@code annotations} findings on
     * {@code .github/access-token.yaml}, finding i on line i, alternately warnings and failures.
     */
    @POST
    @Path("check-runs/{owner}/{repo}")
    public Response checkRun(@PathParam("owner") String owner, @PathParam("repo") String repo,
                             @QueryParam("name") String name, @QueryParam("headSha") String headSha,
                             @QueryParam("conclusion") String conclusion, @QueryParam("annotations") int annotations,
                             @QueryParam("installation") long installation, @HeaderParam("X-Token") String token) {
        return outcome(() -> {
            List<CheckAnnotation> findings = IntStream.rangeClosed(1, annotations).mapToObj(i -> new CheckAnnotation(
                    ".github/access-token.yaml", i, i, i % 2 == 0 ? "failure" : "warning", "finding " + i,
                    "message " + i)).toList();
            github.createCheckRun(installation, token, owner, repo, new CheckRun(name, headSha, conclusion,
                    annotations + " findings", "The policy check found " + annotations + " problems.", findings));
            return Json.createObjectBuilder();
        });
    }

    @GET
    @Path("user")
    public Response user(@HeaderParam("X-Token") String token) {
        return outcome(() -> Json.createObjectBuilder().add("login", github.user(token).login()));
    }

    @GET
    @Path("user/orgs")
    public Response organizations(@HeaderParam("X-Token") String token) {
        return outcome(() -> Json.createObjectBuilder().add("count", github.userOrganizations(token).size()));
    }

    @GET
    @Path("user/teams")
    public Response teams(@HeaderParam("X-Token") String token) {
        return outcome(() -> {
            List<Team> teams = github.userTeams(token);
            JsonArrayBuilder slugs = Json.createArrayBuilder();
            teams.forEach(t -> slugs.add(t.slug()));
            return Json.createObjectBuilder().add("count", teams.size()).add("slugs", slugs);
        });
    }

    private static JsonObjectBuilder installation(Installation i) {
        return Json.createObjectBuilder().add("id", i.id()).add("login", i.accountLogin()).add("accountId", i.accountId());
    }

    private static Response outcome(Supplier<JsonObjectBuilder> action) {
        try {
            JsonObject body = action.get().add("ok", true).build();
            return Response.ok(body).build();
        } catch (GitHubException e) {
            JsonObjectBuilder body = Json.createObjectBuilder().add("ok", false)
                    .add("type", e.getClass().getSimpleName()).add("message", String.valueOf(e.getMessage()))
                    .add("status", e.status());
            int status = 502;
            if (e instanceof GitHubRateLimitedException limited) {
                body.add("retryAfter", limited.retryAfter().toSeconds());
                status = 429;
            } else if (e instanceof GitHubUnavailableException unavailable) {
                unavailable.retryAfter().ifPresent(d -> body.add("retryAfter", d.toSeconds()));
                status = 503;
            } else if (e instanceof GitHubNotConfiguredException notConfigured) {
                body.add("setting", notConfigured.setting());
                status = 503;
            }
            return Response.status(status).entity(body.build()).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Json.createObjectBuilder().add("ok", false)
                    .add("type", e.getClass().getSimpleName()).add("message", String.valueOf(e.getMessage())).build()).build();
        }
    }
}
