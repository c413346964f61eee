package dev.tokenbroker.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenbroker.testsupport.GitHubSimulator.Fault;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GitHubSimulatorTest {

    private static final String APP_ID = "12345";
    private static KeyPair appKeys;
    private static KeyPair otherKeys;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GitHubSimulator github;

    @BeforeAll
    static void keys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        appKeys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() {
        github = GitHubSimulator.start(APP_ID, (RSAPublicKey) appKeys.getPublic());
        github.install("Octo-Org", 42, 9001, "Organization",
                Map.of("contents", "write", "metadata", "read", "issues", "read"), List.of(".github/broker.yml"));
        github.addRepository("octo-org", "policies");
        github.addRepository("octo-org", "app");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void unknownRouteAnswers501AndIsRecorded() throws Exception {
        HttpResponse<String> response = call("GET", "/repos/octo-org/app/pulls", null, null);

        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(json(response).asJsonObject().getString("message"))
                .isEqualTo("GitHub simulator: no route for GET /repos/octo-org/app/pulls");
        assertThat(github.count(GitHubSimulator.UNKNOWN)).isEqualTo(1);
        assertThat(github.calls().get(0).status()).isEqualTo(501);
    }

    @Test
    void missingApiVersionHeaderAnswers400() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(github.baseUrl().resolve("/app"))
                .header("User-Agent", "test").header("Authorization", "Bearer " + appJwt()).build(), utf8());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("X-GitHub-Api-Version");
    }

    @Test
    void appJwtIsChecked() throws Exception {
        Instant now = Instant.now();
        List<String> bad = List.of(
                sign(otherKeys, APP_ID, now.minusSeconds(60), now.plusSeconds(540)),
                sign(appKeys, "99999", now.minusSeconds(60), now.plusSeconds(540)),
                sign(appKeys, APP_ID, now.minusSeconds(700), now.minusSeconds(10)),
                sign(appKeys, APP_ID, now.minusSeconds(60), now.plusSeconds(660)),
                "not-a-jwt");
        for (String jwt : bad) {
            HttpResponse<String> response = call("GET", "/app", "Bearer " + jwt, null);
            assertThat(response.statusCode()).as(jwt).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"message\":\"A JSON web token could not be decoded\","
                    + "\"documentation_url\":\"https://docs.github.com/rest\"}");
        }
        assertThat(call("GET", "/app", "token " + appJwt(), null).statusCode()).isEqualTo(401);

        HttpResponse<String> ok = call("GET", "/app", "Bearer " + appJwt(), null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(ok.headers().firstValue("x-ratelimit-remaining")).hasValue("4999");
        assertThat(ok.headers().firstValue("x-github-request-id")).isPresent();
        JsonObject app = json(ok).asJsonObject();
        assertThat(app.getJsonNumber("id").longValue()).isEqualTo(12345);
        assertThat(app.getInt("installations_count")).isEqualTo(1);
        assertThat(app.getJsonObject("permissions").getString("contents")).isEqualTo("write");
    }

    @Test
    void installationLookupsIgnoreCase() throws Exception {
        JsonObject installation = json(call("GET", "/users/OCTO-ORG/installation", "Bearer " + appJwt(), null))
                .asJsonObject();
        assertThat(installation.getJsonNumber("id").longValue()).isEqualTo(42);
        assertThat(installation.getJsonObject("account").getString("login")).isEqualTo("Octo-Org");
        assertThat(installation.getJsonObject("account").getJsonNumber("id").longValue()).isEqualTo(9001);
        assertThat(installation.getString("single_file_name")).isEqualTo(".github/broker.yml");
        assertThat(installation.isNull("suspended_at")).isTrue();

        assertThat(call("GET", "/orgs/octo-org/installation", "Bearer " + appJwt(), null).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/repos/Octo-Org/Policies/installation", "Bearer " + appJwt(), null).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/repos/octo-org/unknown/installation", "Bearer " + appJwt(), null).statusCode())
                .isEqualTo(404);
        HttpResponse<String> missing = call("GET", "/users/someone/installation", "Bearer " + appJwt(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).asJsonObject().getString("message")).isEqualTo("Not Found");
    }

    @Test
    void mintEchoesTheRequestBody() throws Exception {
        String body = "{\"repositories\":[\"policies\"],\"permissions\":{\"contents\":\"read\"}}";
        HttpResponse<String> response = call("POST", "/app/installations/42/access_tokens", "Bearer " + appJwt(), body);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonObject minted = json(response).asJsonObject();
        String token = minted.getString("token");
        assertThat(token).startsWith("ghs_").hasSizeGreaterThan(40);
        assertThat(GitHubSimulator.echoedRequestBody(token)).isEqualTo(body);
        assertThat(minted.getString("expires_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Instant.parse(minted.getString("expires_at")))
                .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3601));
        assertThat(minted.getJsonObject("permissions")).isEqualTo(Json.createObjectBuilder()
                .add("contents", "read").build());
        assertThat(minted.getString("repository_selection")).isEqualTo("selected");
        assertThat(minted.getJsonArray("repositories").getJsonObject(0).getString("full_name"))
                .isEqualTo("Octo-Org/policies");

        JsonObject all = json(call("POST", "/app/installations/42/access_tokens", "Bearer " + appJwt(), null))
                .asJsonObject();
        assertThat(all.getString("repository_selection")).isEqualTo("all");
        assertThat(all.containsKey("repositories")).isFalse();
        assertThat(all.getJsonObject("permissions").getString("contents")).isEqualTo("write");
        assertThat(GitHubSimulator.echoedRequestBody(all.getString("token"))).isEmpty();
    }

    @Test
    void mintRefusesWhatTheInstallationCannotGive() throws Exception {
        String jwt = "Bearer " + appJwt();
        HttpResponse<String> tooMuch = call("POST", "/app/installations/42/access_tokens", jwt,
                "{\"permissions\":{\"contents\":\"admin\"}}");
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(json(tooMuch).asJsonObject().getString("message"))
                .isEqualTo("The permissions requested are not granted to this installation.");

        HttpResponse<String> notHeld = call("POST", "/app/installations/42/access_tokens", jwt,
                "{\"permissions\":{\"actions\":\"read\"}}");
        assertThat(notHeld.statusCode()).isEqualTo(422);

        HttpResponse<String> noRepo = call("POST", "/app/installations/42/access_tokens", jwt,
                "{\"repositories\":[\"policies\",\"secret\"]}");
        assertThat(noRepo.statusCode()).isEqualTo(422);
        assertThat(json(noRepo).asJsonObject().getString("message")).startsWith("There is at least one repository");

        assertThat(call("POST", "/app/installations/7/access_tokens", jwt, "{}").statusCode()).isEqualTo(404);
        assertThat(github.count(GitHubSimulator.MINT)).isEqualTo(4);
    }

    @Test
    void contentsAnswerWithTokenBoundEtagAnd304() throws Exception {
        String text = "version: 1\n" + "rules:\n  - allow: contents=read for repo:octo-org/*\n".repeat(3);
        github.putFile("octo-org", "policies", ".github/broker/policy.yml", text);
        String token = mint("{\"repositories\":[\"policies\"],\"permissions\":{\"contents\":\"read\"}}");
        String path = "/repos/octo-org/policies/contents/.github/broker/policy.yml?ref=main";

        HttpResponse<String> first = call("GET", path, "Bearer " + token, null);
        assertThat(first.statusCode()).isEqualTo(200);
        JsonObject file = json(first).asJsonObject();
        assertThat(file.getString("type")).isEqualTo("file");
        assertThat(file.getString("name")).isEqualTo("policy.yml");
        assertThat(file.getString("path")).isEqualTo(".github/broker/policy.yml");
        assertThat(file.getInt("size")).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        String content = file.getString("content");
        assertThat(content.split("\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(content).contains("\n").endsWith("\n");
        assertThat(new String(Base64.getMimeDecoder().decode(content), StandardCharsets.UTF_8)).isEqualTo(text);
        String etag = first.headers().firstValue("etag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");

        HttpResponse<String> second = call("GET", path, "token " + token, null, "If-None-Match", etag);
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
        assertThat(second.headers().firstValue("etag")).hasValue(etag);

        String otherToken = mint("{\"repositories\":[\"policies\"]}");
        HttpResponse<String> otherEtag = call("GET", path, "Bearer " + otherToken, null, "If-None-Match", etag);
        assertThat(otherEtag.statusCode()).isEqualTo(200);
        assertThat(otherEtag.headers().firstValue("etag")).isPresent().get().isNotEqualTo(etag);

        assertThat(call("GET", "/repos/octo-org/policies/contents/missing.yml", "Bearer " + token, null)
                .statusCode()).isEqualTo(404);
        assertThat(call("GET", path, "Bearer ghs_unknown", null).statusCode()).isEqualTo(401);
        assertThat(github.calls().get(github.totalCalls() - 1).query()).isEqualTo("ref=main");
    }

    @Test
    void blobShaIsGitsOwn() throws Exception {
        github.putFile("octo-org", "app", "hello.txt", "hello\n");
        JsonObject file = json(call("GET", "/repos/octo-org/app/contents/hello.txt", "Bearer " + mint(null), null))
                .asJsonObject();
        assertThat(file.getString("sha")).isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a"); // git hash-object
    }

    @Test
    void revokedTokenGets401() throws Exception {
        github.putFile("octo-org", "policies", "p.yml", "a: b\n");
        String token = mint(null);

        assertThat(call("DELETE", "/installation/token", "token " + token, null).statusCode()).isEqualTo(204);
        assertThat(github.revokedTokens()).containsExactly(token);

        HttpResponse<String> again = call("DELETE", "/installation/token", "Bearer " + token, null);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(json(again).asJsonObject().getString("message")).isEqualTo("Bad credentials");
        assertThat(call("GET", "/repos/octo-org/policies/contents/p.yml", "Bearer " + token, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void userTeamsArePagedWithLinkHeaders() throws Exception {
        github.addUser("ghp_alice", "alice", 7);
        for (int i = 1; i <= 5; i++) {
            github.addUserTeam("ghp_alice", 100 + i, "Team " + i, "team-" + i, "octo-org", 9001);
        }
        String base = github.baseUrl() + "/user/teams?per_page=2&page=";

        HttpResponse<String> page1 = call("GET", "/user/teams?per_page=2", "Bearer ghp_alice", null);
        assertThat(links(page1)).isEqualTo(Map.of("next", base + 2, "last", base + 3));
        HttpResponse<String> page2 = http.send(request("GET", URI.create(links(page1).get("next")),
                "Bearer ghp_alice", null), utf8());
        assertThat(links(page2)).isEqualTo(Map.of("prev", base + 1, "next", base + 3, "last", base + 3,
                "first", base + 1));
        HttpResponse<String> page3 = http.send(request("GET", URI.create(links(page2).get("next")),
                "Bearer ghp_alice", null), utf8());
        assertThat(links(page3)).isEqualTo(Map.of("prev", base + 2, "first", base + 1));

        List<String> slugs = new ArrayList<>();
        for (HttpResponse<String> page : List.of(page1, page2, page3)) {
            json(page).asJsonArray().forEach(t -> slugs.add(t.asJsonObject().getString("slug")));
        }
        assertThat(slugs).containsExactly("team-1", "team-2", "team-3", "team-4", "team-5");
        JsonObject team = json(page1).asJsonArray().getJsonObject(0);
        assertThat(team.getJsonObject("organization").getJsonNumber("id").longValue()).isEqualTo(9001);
        assertThat(github.count(GitHubSimulator.USER_TEAMS)).isEqualTo(3);
    }

    @Test
    void userEndpointsCheckThePersonalTokenAndAnswer304() throws Exception {
        github.addUser("ghp_alice", "alice", 7);
        github.addUserOrganization("ghp_alice", "octo-org", 9001);
        github.addOrganization("Octo-Org", 9001);

        HttpResponse<String> user = call("GET", "/user", "Bearer ghp_alice", null);
        assertThat(json(user).asJsonObject().getString("login")).isEqualTo("alice");
        String etag = user.headers().firstValue("etag").orElseThrow();
        assertThat(call("GET", "/user", "token ghp_alice", null, "If-None-Match", etag).statusCode())
                .isEqualTo(304);
        assertThat(json(call("GET", "/user", null, null)).asJsonObject().getString("message"))
                .isEqualTo("Requires authentication");
        assertThat(json(call("GET", "/user", "Bearer ghp_nobody", null)).asJsonObject().getString("message"))
                .isEqualTo("Bad credentials");

        JsonArray orgs = json(call("GET", "/user/orgs?per_page=100", "Bearer ghp_alice", null)).asJsonArray();
        assertThat(orgs).hasSize(1);
        assertThat(orgs.getJsonObject(0).getJsonNumber("id").longValue()).isEqualTo(9001);
        assertThat(json(call("GET", "/orgs/octo-org", null, null)).asJsonObject().getString("login"))
                .isEqualTo("Octo-Org");
        assertThat(call("GET", "/orgs/nobody", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void listInstallationsIsPaged() throws Exception {
        github.install("alice", 43, 7, "User", Map.of("contents", "read"), List.of());
        HttpResponse<String> first = call("GET", "/app/installations?per_page=1", "Bearer " + appJwt(), null);
        assertThat(json(first).asJsonArray()).hasSize(1);
        assertThat(links(first)).containsKeys("next", "last").doesNotContainKey("prev");
        HttpResponse<String> all = call("GET", "/app/installations", "Bearer " + appJwt(), null);
        assertThat(json(all).asJsonArray()).hasSize(2);
        assertThat(all.headers().firstValue("link")).isEmpty();
    }

    @Test
    void enqueuedFaultIsUsedOnceThenNormalHandlingResumes() throws Exception {
        github.enqueue(GitHubSimulator.APP, Fault.status(503).withHeader("retry-after", "1"));

        HttpResponse<String> failed = call("GET", "/app", "Bearer " + appJwt(), null);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("retry-after")).hasValue("1");
        assertThat(failed.body()).isEqualTo("{\"message\":\"simulated 503\"}");
        assertThat(call("GET", "/app", "Bearer " + appJwt(), null).statusCode()).isEqualTo(200);

        assertThat(github.count(GitHubSimulator.APP)).isEqualTo(2);
        assertThat(github.totalCalls()).isEqualTo(2);
        assertThat(github.calls()).extracting(GitHubSimulator.RecordedCall::status).containsExactly(503, 200);
        assertThat(github.calls().get(0).headers()).containsKeys("user-agent", "x-github-api-version");
        github.resetCalls();
        assertThat(github.totalCalls()).isZero();
    }

    @Test
    void permanentFaultsAndDelays() throws Exception {
        github.failAlways(GitHubSimulator.MINT, Fault.status(403).withHeader("x-ratelimit-remaining", "0"));
        HttpResponse<String> limited = call("POST", "/app/installations/42/access_tokens", "Bearer " + appJwt(), "{}");
        assertThat(limited.statusCode()).isEqualTo(403);
        assertThat(limited.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(call("POST", "/app/installations/42/access_tokens", "Bearer " + appJwt(), "{}").statusCode())
                .isEqualTo(403);
        github.clearFaults();
        assertThat(call("POST", "/app/installations/42/access_tokens", "Bearer " + appJwt(), "{}").statusCode())
                .isEqualTo(201);

        github.enqueue(GitHubSimulator.APP, Fault.delay(Duration.ofMillis(300)));
        long started = System.nanoTime();
        assertThat(call("GET", "/app", "Bearer " + appJwt(), null).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anOutageRotatesItsFaultsOverEveryRouteUntilCleared() throws Exception {
        github.failEverything(Fault.status(500), Fault.status(502), Fault.status(503), Fault.status(504), Fault.dropConnection());
        assertThat(call("GET", "/app", "Bearer " + appJwt(), null).statusCode()).isEqualTo(500);
        assertThat(call("GET", "/orgs/octo-org", null, null).statusCode()).isEqualTo(502);
        assertThat(call("POST", "/app/installations/42/access_tokens", "Bearer " + appJwt(), "{}").statusCode()).isEqualTo(503);
        assertThat(call("GET", "/no/such/route", null, null).statusCode()).as("even unknown routes").isEqualTo(504);
        assertThatThrownBy(() -> call("GET", "/app", "Bearer " + appJwt(), null)).isInstanceOf(IOException.class);
        assertThat(call("GET", "/app", "Bearer " + appJwt(), null).statusCode()).as("round again").isEqualTo(500);
        assertThat(github.totalCalls()).isEqualTo(6);

        github.clearFaults();
        assertThat(call("GET", "/app", "Bearer " + appJwt(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void rateLimitsLookLikeGitHubs() throws Exception {
        Instant reset = Instant.now().plusSeconds(600);
        github.failEverything(Fault.primaryRateLimit(reset));
        HttpResponse<String> primary = call("GET", "/app", "Bearer " + appJwt(), null);
        assertThat(primary.statusCode()).isEqualTo(403);
        assertThat(primary.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(primary.headers().firstValue("x-ratelimit-reset")).hasValue(String.valueOf(reset.getEpochSecond()));
        assertThat(primary.body()).contains("API rate limit exceeded");

        github.failEverything(Fault.secondaryRateLimit(Duration.ofSeconds(60)));
        HttpResponse<String> secondary = call("GET", "/app", "Bearer " + appJwt(), null);
        assertThat(secondary.statusCode()).isEqualTo(403);
        assertThat(secondary.headers().firstValue("retry-after")).hasValue("60");
        assertThat(secondary.headers().firstValue("x-ratelimit-remaining")).as("quota left: not the primary limit").isNotEqualTo(Optional.of("0"));
        assertThat(secondary.body()).contains("secondary rate limit");
    }

    @Test
    void droppedConnectionIsAnIoExceptionEvenForARetriableGet() throws Exception {
        github.enqueue(GitHubSimulator.APP, Fault.dropConnection());

        assertThatThrownBy(() -> call("GET", "/app", "Bearer " + appJwt(), null)).isInstanceOf(IOException.class);
        assertThat(github.calls()).extracting(GitHubSimulator.RecordedCall::status).containsExactly(0);
        assertThat(call("GET", "/app", "Bearer " + appJwt(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void hangingCallIsReleasedByClose() throws Exception {
        github.enqueue(GitHubSimulator.APP, Fault.hang());
        CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(
                request("GET", github.baseUrl().resolve("/app"), "Bearer " + appJwt(), null), utf8());
        await().atMost(Duration.ofSeconds(5)).until(() -> github.count(GitHubSimulator.APP) == 1);

        // other routes keep working while one call hangs
        assertThat(call("GET", "/orgs/nobody", null, null).statusCode()).isEqualTo(404);
        assertThat(hanging).isNotDone();

        long started = System.nanoTime();
        github.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        assertThatThrownBy(() -> hanging.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(github.calls().get(0).status()).isZero();
    }

    @Test
    void releaseHangingDropsTheHungCall() throws Exception {
        github.enqueue(GitHubSimulator.USER, Fault.hang());
        CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(
                request("GET", github.baseUrl().resolve("/user"), "Bearer ghp_x", null), utf8());
        await().atMost(Duration.ofSeconds(5)).until(() -> github.count(GitHubSimulator.USER) == 1);

        github.releaseHanging();
        assertThatThrownBy(() -> hanging.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThat(github.count(GitHubSimulator.USER)).isEqualTo(1);
        assertThat(call("GET", "/user", "Bearer ghp_x", null).statusCode()).isEqualTo(401);
    }

    @Test
    void resetClearsEverything() throws Exception {
        github.enqueue(GitHubSimulator.APP, Fault.status(500));
        call("GET", "/app", "Bearer " + appJwt(), null);
        github.reset();

        assertThat(github.totalCalls()).isZero();
        assertThat(call("GET", "/users/octo-org/installation", "Bearer " + appJwt(), null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/app", "Bearer " + appJwt(), null).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------ issue 18

    private static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    /** The installation with what a pull-request check needs; tokens minted before this are gone. */
    private void installForChecks() {
        github.install("Octo-Org", 42, 9001, "Organization",
                Map.of("contents", "read", "pull_requests", "read", "checks", "write"), List.of());
    }

    @Test
    void pullRequestFilesArePagedWithGitHubsRepositoryIdLinks() throws Exception {
        installForChecks();
        long repoId = github.addRepository("octo-org", "app");
        Map<String, String> changed = new java.util.LinkedHashMap<>();
        for (int i = 130; i >= 1; i--) {
            changed.put(String.format("dir %03d/access-token.yaml", i), i % 10 == 0 ? "removed" : "modified");
        }
        github.addPullRequest("octo-org", "app", 7, HEAD, changed);
        github.addFileAt("octo-org", "app", HEAD, "dir 001/access-token.yaml", "hello\n");
        String token = "Bearer " + mint("{\"repositories\":[\"app\"],\"permissions\":{\"pull_requests\":\"read\"}}");

        HttpResponse<String> first = call("GET", "/repos/octo-org/app/pulls/7/files", token, null);
        assertThat(first.statusCode()).isEqualTo(200);
        JsonArray page1 = json(first).asJsonArray();
        assertThat(page1).hasSize(30);
        JsonObject entry = page1.getJsonObject(0);
        assertThat(entry.getString("filename")).as("sorted by filename").isEqualTo("dir 001/access-token.yaml");
        assertThat(entry.getString("status")).isEqualTo("modified");
        assertThat(entry.getString("sha")).isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
        assertThat(entry.getString("contents_url")).endsWith("/contents/dir%20001/access-token.yaml?ref=" + HEAD);
        String next = github.baseUrl() + "/repositories/" + repoId + "/pulls/7/files?per_page=30&page=";
        assertThat(links(first)).isEqualTo(Map.of("next", next + 2, "last", next + 5));
        HttpResponse<String> second = http.send(request("GET", URI.create(links(first).get("next")), token, null), utf8());
        assertThat(json(second).asJsonArray().getJsonObject(0).getString("filename")).isEqualTo("dir 031/access-token.yaml");
        assertThat(json(second).asJsonArray().getJsonObject(0).getString("status")).isEqualTo("modified");
        assertThat(github.count(GitHubSimulator.PULL_FILES)).as("both forms are one route").isEqualTo(2);

        HttpResponse<String> big = call("GET", "/repos/octo-org/app/pulls/7/files?per_page=100", token, null);
        assertThat(json(big).asJsonArray()).hasSize(100);
        assertThat(json(big).asJsonArray().getJsonObject(9).getString("status")).isEqualTo("removed");
        assertThat(links(big).get("last")).endsWith("per_page=100&page=2");
        assertThat(json(call("GET", "/repos/octo-org/app/pulls/7/files?per_page=1000", token, null)).asJsonArray())
                .as("per_page is capped at 100").hasSize(100);

        HttpResponse<String> unknown = call("GET", "/repos/octo-org/app/pulls/8/files", token, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(call("GET", "/repos/octo-org/policies/pulls/7/files", token, null).statusCode())
                .as("a repository the token was not minted for").isEqualTo(404);
        assertThat(call("GET", "/repos/octo-org/app/pulls/7/files", "Bearer ghs_unknown", null).statusCode()).isEqualTo(401);
        HttpResponse<String> noPermission = call("GET", "/repos/octo-org/app/pulls/7/files",
                "Bearer " + mint("{\"permissions\":{\"contents\":\"read\"}}"), null);
        assertThat(noPermission.statusCode()).isEqualTo(403);
        assertThat(json(noPermission).asJsonObject().getString("message")).isEqualTo("Resource not accessible by integration");
        assertThatThrownBy(() -> github.addPullRequest("octo-org", "app", 9, HEAD, Map.of("a", "deleted")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileIsReadAtACommitWithTheContentsApi() throws Exception {
        github.putFile("octo-org", "app", ".github/access-token.yaml", "on the default branch\n");
        github.addFileAt("octo-org", "app", HEAD, ".github/access-token.yaml", "at the head\n");
        String token = "Bearer " + mint(null);
        String path = "/repos/octo-org/app/contents/.github/access-token.yaml";

        HttpResponse<String> atHead = call("GET", path + "?ref=" + HEAD.toUpperCase(java.util.Locale.ROOT), token, null);
        assertThat(atHead.statusCode()).isEqualTo(200);
        JsonObject file = json(atHead).asJsonObject();
        assertThat(new String(Base64.getMimeDecoder().decode(file.getString("content")), StandardCharsets.UTF_8))
                .isEqualTo("at the head\n");
        assertThat(file.getString("type")).isEqualTo("file");
        assertThat(file.getInt("size")).isEqualTo(12);
        assertThat(file.getString("html_url")).contains("/blob/" + HEAD + "/");
        String etag = atHead.headers().firstValue("etag").orElseThrow();
        assertThat(call("GET", path + "?ref=" + HEAD, token, null, "If-None-Match", etag).statusCode()).isEqualTo(304);

        assertThat(new String(Base64.getMimeDecoder().decode(json(call("GET", path + "?ref=main", token, null))
                .asJsonObject().getString("content")), StandardCharsets.UTF_8)).isEqualTo("on the default branch\n");
        HttpResponse<String> noCommit = call("GET", path + "?ref=" + "a".repeat(40), token, null);
        assertThat(noCommit.statusCode()).isEqualTo(404);
        assertThat(json(noCommit).asJsonObject().getString("message")).isEqualTo("No commit found for the ref " + "a".repeat(40));
        assertThat(call("GET", "/repos/octo-org/app/contents/other.yaml?ref=" + HEAD, token, null).statusCode())
                .as("a commit holds only the files put at it").isEqualTo(404);
        assertThat(call("GET", path + "?ref=" + HEAD, "Bearer ghs_unknown", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aCheckRunIsCreatedThenUpdatedAndRecordedWithAllItsAnnotations() throws Exception {
        installForChecks();
        github.addPullRequest("octo-org", "app", 7, HEAD, Map.of(".github/access-token.yaml", "modified"));
        String token = "Bearer " + mint("{\"repositories\":[\"app\"],\"permissions\":{\"checks\":\"write\"}}");

        HttpResponse<String> created = call("POST", "/repos/octo-org/app/check-runs", token,
                checkRun("access-token policy", HEAD, "failure", 50, 1));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject run = json(created).asJsonObject();
        long id = run.getJsonNumber("id").longValue();
        assertThat(run.getString("head_sha")).isEqualTo(HEAD);
        assertThat(run.getString("status")).isEqualTo("completed");
        assertThat(run.getString("conclusion")).isEqualTo("failure");
        assertThat(run.getString("name")).isEqualTo("access-token policy");
        assertThat(run.getJsonObject("output").getInt("annotations_count")).isEqualTo(50);
        assertThat(run.getString("completed_at")).matches("\\d{4}-.*Z");

        HttpResponse<String> updated = call("PATCH", "/repos/octo-org/app/check-runs/" + id, token,
                "{\"output\":" + output("second title", 20, 51) + "}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated).asJsonObject().getJsonObject("output").getInt("annotations_count")).isEqualTo(70);

        List<GitHubSimulator.RecordedCheckRun> runs = github.checkRuns();
        assertThat(runs).hasSize(1);
        GitHubSimulator.RecordedCheckRun recorded = runs.get(0);
        assertThat(recorded.id()).isEqualTo(id);
        assertThat(recorded.owner()).isEqualTo("octo-org");
        assertThat(recorded.repository()).isEqualTo("app");
        assertThat(recorded.title()).isEqualTo("second title");
        assertThat(recorded.updates()).isEqualTo(1);
        assertThat(recorded.annotations()).hasSize(70);
        assertThat(recorded.annotations().get(69)).isEqualTo(new GitHubSimulator.RecordedAnnotation(
                ".github/access-token.yaml", 70, 70, "warning", "finding 70", "message 70"));
        assertThat(github.count(GitHubSimulator.CREATE_CHECK_RUN)).isEqualTo(1);
        assertThat(github.count(GitHubSimulator.UPDATE_CHECK_RUN)).isEqualTo(1);

        assertThat(call("PATCH", "/repos/octo-org/app/check-runs/" + (id + 1), token, "{}").statusCode()).isEqualTo(404);
        github.enqueue(GitHubSimulator.CREATE_CHECK_RUN, Fault.status(502));
        assertThat(call("POST", "/repos/octo-org/app/check-runs", token, checkRun("c", HEAD, "success", 0, 1))
                .statusCode()).as("faults apply as on every route").isEqualTo(502);
        assertThat(github.checkRuns()).hasSize(1);
        github.reset();
        assertThat(github.checkRuns()).isEmpty();
    }

    @Test
    void checkRunsAreValidatedLikeGitHub() throws Exception {
        installForChecks();
        github.addPullRequest("octo-org", "app", 7, HEAD, Map.of());
        String token = "Bearer " + mint("{\"permissions\":{\"checks\":\"write\"}}");
        String runs = "/repos/octo-org/app/check-runs";

        assertThat(message(call("POST", runs, token, "{\"head_sha\":\"" + HEAD + "\"}")))
                .isEqualTo("Invalid request.\n\n\"name\" wasn't supplied.");
        assertThat(message(call("POST", runs, token, "{}")))
                .isEqualTo("Invalid request.\n\n\"head_sha\", \"name\" weren't supplied.");
        assertThat(message(call("POST", runs, token, checkRun("c", HEAD, "bogus", 0, 1)))).isEqualTo("Validation Failed");
        assertThat(message(call("POST", runs, token, checkRun("c", HEAD, "stale", 0, 1))))
                .as("only GitHub sets stale").isEqualTo("Validation Failed");
        assertThat(message(call("POST", runs, token, "{\"name\":\"c\",\"head_sha\":\"" + HEAD
                + "\",\"status\":\"completed\"}"))).as("completed needs a conclusion").isEqualTo("Validation Failed");
        assertThat(message(call("POST", runs, token, checkRun("c", HEAD, "success", 51, 1))))
                .isEqualTo("Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.");
        assertThat(message(call("POST", runs, token, "{\"name\":\"c\",\"head_sha\":\"" + HEAD
                + "\",\"conclusion\":\"success\",\"output\":{\"title\":\"t\",\"summary\":\"s\",\"annotations\":"
                + "[{\"start_line\":1,\"end_line\":1,\"annotation_level\":\"notice\"},{\"path\":\"a\",\"start_line\":1,"
                + "\"end_line\":1,\"annotation_level\":\"notice\"}]}}")))
                .isEqualTo("Invalid request.\n\n\"message\", \"path\" weren't supplied.\n\"message\" wasn't supplied.");
        for (String bad : List.of("\"annotation_level\":\"error\",\"start_line\":1,\"end_line\":1",
                "\"annotation_level\":\"notice\",\"start_line\":0,\"end_line\":0",
                "\"annotation_level\":\"notice\",\"start_line\":2,\"end_line\":1",
                "\"annotation_level\":\"notice\",\"start_line\":1,\"end_line\":1,\"title\":\"" + "t".repeat(256) + "\"")) {
            HttpResponse<String> refused = call("POST", runs, token, "{\"name\":\"c\",\"head_sha\":\"" + HEAD
                    + "\",\"conclusion\":\"success\",\"output\":{\"title\":\"t\",\"summary\":\"s\",\"annotations\":"
                    + "[{\"path\":\"a\",\"message\":\"m\"," + bad + "}]}}");
            assertThat(refused.statusCode()).as(bad).isEqualTo(422);
            assertThat(json(refused).asJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
                    .isEqualTo("annotations");
        }
        assertThat(message(call("POST", runs, token, "{\"name\":\"c\",\"head_sha\":\"" + HEAD
                + "\",\"conclusion\":\"success\",\"output\":{\"title\":\"t\"}}")))
                .isEqualTo("Invalid request.\n\n\"summary\" wasn't supplied.");
        HttpResponse<String> noCommit = call("POST", runs, token, checkRun("c", "b".repeat(40), "success", 0, 1));
        assertThat(noCommit.statusCode()).isEqualTo(422);
        assertThat(message(noCommit)).isEqualTo("No commit found for SHA: " + "b".repeat(40));
        assertThat(call("POST", runs, token, "not json").statusCode()).isEqualTo(400);

        HttpResponse<String> readOnly = call("POST", runs, "Bearer " + mint("{\"permissions\":{\"contents\":\"read\"}}"),
                checkRun("c", HEAD, "success", 0, 1));
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(message(readOnly)).isEqualTo("Resource not accessible by integration");
        assertThat(github.checkRuns()).as("nothing refused was recorded").isEmpty();
        assertThat(call("POST", runs, token, checkRun("c", HEAD, "success", 0, 1)).statusCode()).isEqualTo(201);
    }

    private static String checkRun(String name, String headSha, String conclusion, int annotations, int firstLine) {
        return "{\"name\":\"" + name + "\",\"head_sha\":\"" + headSha + "\",\"status\":\"completed\",\"conclusion\":\""
                + conclusion + "\",\"output\":" + output("title", annotations, firstLine) + "}";
    }

    private static String output(String title, int annotations, int firstLine) {
        jakarta.json.JsonArrayBuilder array = Json.createArrayBuilder();
        for (int line = firstLine; line < firstLine + annotations; line++) {
            array.add(Json.createObjectBuilder().add("path", ".github/access-token.yaml").add("start_line", line)
                    .add("end_line", line).add("annotation_level", "warning").add("title", "finding " + line)
                    .add("message", "message " + line));
        }
        return Json.createObjectBuilder().add("title", title).add("summary", "summary").add("annotations", array)
                .build().toString();
    }

    private static String message(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(400, 403, 404, 422);
        return json(response).asJsonObject().getString("message");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String mint(String body) throws Exception {
        HttpResponse<String> response = call("POST", "/app/installations/42/access_tokens", "Bearer " + appJwt(), body);
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response).asJsonObject().getString("token");
    }

    private HttpResponse<String> call(String method, String pathAndQuery, String authorization, String body,
                                      String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(github.baseUrl() + pathAndQuery));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return http.send(request(builder, method, authorization, body), utf8());
    }

    private static HttpRequest request(String method, URI uri, String authorization, String body) {
        return request(HttpRequest.newBuilder(uri), method, authorization, body);
    }

    private static HttpRequest request(HttpRequest.Builder builder, String method, String authorization,
                                       String body) {
        builder.timeout(Duration.ofSeconds(10))
                .header("User-Agent", "token-broker-test")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Accept", "application/vnd.github+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private static HttpResponse.BodyHandler<String> utf8() {
        return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
    }

    private static JsonStructure json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).read();
    }

    private static Map<String, String> links(HttpResponse<String> response) {
        Map<String, String> links = new java.util.HashMap<>();
        Matcher m = Pattern.compile("<([^>]+)>;\\s*rel=\"(\\w+)\"")
                .matcher(response.headers().firstValue("link").orElse(""));
        while (m.find()) {
            links.put(m.group(2), m.group(1));
        }
        return links;
    }

    private static String appJwt() throws JOSEException {
        Instant now = Instant.now();
        return sign(appKeys, APP_ID, now.minusSeconds(60), now.plusSeconds(540));
    }

    private static String sign(KeyPair keys, String issuer, Instant issuedAt, Instant expiresAt) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer(issuer).issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt)).build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }
}
