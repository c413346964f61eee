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
