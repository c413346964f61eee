package dev.tokenbroker.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.json.JsonObject;

import dev.tokenbroker.blackbox.Http.Answer;

import org.junit.jupiter.api.Test;

/**
 * The broker seen from outside, over HTTP only: the action's exchange and its denials, authentication on the
 * protected endpoints, and the Vault API's login, lookup, renewal, revocation, policies and GitHub tokens. A subclass
 * says where the broker is ({@link #http()}) and what it is configured against ({@link #world()}); the same tests run
 * against Payara Micro, WildFly, Open Liberty, or any base URL.
 */
public abstract class BlackBoxSuite {

    protected abstract Http http();

    protected abstract BlackBoxWorld world();

    private String root() {
        return world().rootToken();
    }

    @Test
    void theActionGetsATokenScopedToWhatItAskedFor() {
        Answer answer = http().exchange(world().oidc().tokenT(), "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonObject json = answer.json();
        assertThat(json.getString("token")).startsWith("ghs_");
        assertThat(json.getJsonObject("permissions").getString("contents")).isEqualTo("read");
        assertThat(json.getJsonArray("repositories").getString(0)).isEqualTo("playground");
        assertThat(json.getString("owner")).isEqualTo(BlackBoxWorld.ORGANIZATION);
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void theExchangeRefusesWhatPolicyDoesNotAllow() {
        Answer notAllowed = http().exchange(world().oidc().tokenT(), "{\"permissions\":{\"issues\":\"write\"}}");
        assertThat(notAllowed.status()).as(notAllowed.toString()).isEqualTo(403);
        assertThat(notAllowed.json().getString("message")).contains("issues: write");
        Answer otherBranch = http().exchange(world().oidc().token().subject("repo:octocat/playground:ref:refs/heads/feature")
                .claim("ref", "refs/heads/feature").build(), "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(otherBranch.status()).as(otherBranch.toString()).isEqualTo(403);
        Answer badBody = http().exchange(world().oidc().tokenT(), "{\"permissions\":");
        assertThat(badBody.status()).as(badBody.toString()).isEqualTo(400);
    }

    @Test
    void theExchangeIs401WithoutAValidOidcToken() {
        Answer none = http().exchange(null, "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(none.status()).as(none.toString()).isEqualTo(401);
        assertThat(none.json().getString("error")).isEqualTo("Unauthorized");

        Answer garbage = http().exchange("not.a.jwt", "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(garbage.status()).as(garbage.toString()).isEqualTo(401);

        Answer expired = http().exchange(world().oidc().token().issuedAt(java.time.Instant.now().minusSeconds(7200))
                .expiresIn(Duration.ofSeconds(-3600)).build(), "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(expired.status()).as(expired.toString()).isEqualTo(401);
        assertThat(expired.json().getString("message")).isEqualTo("Invalid token: \"exp\" claim timestamp check failed");

        Answer otherAudience = http().exchange(world().oidc().token().audience("elsewhere.example").build(),
                "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(otherAudience.status()).as(otherAudience.toString()).isEqualTo(401);
        assertThat(otherAudience.json().getString("message")).isEqualTo("Invalid token: unexpected \"aud\" claim value");
    }

    @Test
    void unknownRoutesAre404InTheExchangesErrorShape() {
        Answer unknown = http().send("GET", "nothing/here", null);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.json().getString("message")).isEqualTo("No route for GET /nothing/here");
        Answer wrongMethod = http().send("GET", "access_tokens", null);
        assertThat(wrongMethod.status()).as(wrongMethod.toString()).isEqualTo(404);
        assertThat(wrongMethod.json().getString("message")).isEqualTo("No route for GET /access_tokens");
    }

    @Test
    void vaultEndpointsRefuseWithoutAToken() {
        assertThat(http().vault("GET", "sys/health", null, null).status()).isEqualTo(200);
        Answer anonymous = http().vault("GET", "auth/token/lookup-self", null, null);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(403);
        assertThat(anonymous.json().getJsonArray("errors").getString(0)).contains("permission denied");
        assertThat(http().vault("GET", "auth/token/lookup-self", null, "hvs.NotAToken000000000000000").status()).isEqualTo(403);
        assertThat(http().vault("GET", "auth/token/lookup-self", null, root()).status()).isEqualTo(200);
    }

    @Test
    void aPersonLogsInAndTheirTokenIsLookedUpRenewedAndRevoked() {
        configureGithubLogin("reader");
        Answer login = http().vault("POST", "auth/github/login", "{\"token\":\"" + BlackBoxWorld.PERSONAL_TOKEN + "\"}", null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        JsonObject auth = login.json().getJsonObject("auth");
        String token = auth.getString("client_token");
        assertThat(auth.getJsonArray("policies").toString()).contains("\"reader\"");
        assertThat(auth.getJsonObject("metadata").getString("username")).isEqualTo("blackbox-user");

        Answer lookup = http().vault("GET", "auth/token/lookup-self", null, token);
        assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
        assertThat(lookup.json().getJsonObject("data").getString("accessor")).isEqualTo(auth.getString("accessor"));

        Answer renewal = http().vault("POST", "auth/token/renew-self", "{}", token);
        assertThat(renewal.status()).as(renewal.toString()).isEqualTo(200);
        assertThat(renewal.json().getJsonObject("auth").getString("client_token")).isEqualTo(token);

        assertThat(http().vault("POST", "auth/token/revoke-self", null, token).status()).isEqualTo(204);
        assertThat(http().vault("GET", "auth/token/lookup-self", null, token).status()).isEqualTo(403);
    }

    @Test
    void anAclPolicyIsEnforcedAndAChangeAppliesToTheNextRequest() {
        Answer written = http().vault("PUT", "sys/policies/acl/bb-reader",
                "{\"policy\":\"path \\\"sys/policies/acl/*\\\" { capabilities = [\\\"read\\\"] }\"}", root());
        assertThat(written.status()).as(written.toString()).isEqualTo(204);
        String token = createToken("bb-reader");

        assertThat(http().vault("GET", "sys/policies/acl/bb-reader", null, token).status()).isEqualTo(200);
        Answer write = http().vault("PUT", "sys/policies/acl/bb-other", "{\"policy\":\"path \\\"x\\\" { capabilities = [\\\"read\\\"] }\"}", token);
        assertThat(write.status()).as(write.toString()).isEqualTo(403);

        assertThat(http().vault("PUT", "sys/policies/acl/bb-reader",
                "{\"policy\":\"path \\\"sys/policies/acl/*\\\" { capabilities = [\\\"deny\\\"] }\"}", root()).status()).isEqualTo(204);
        assertThat(http().vault("GET", "sys/policies/acl/bb-reader", null, token).status()).isEqualTo(403);
    }

    @Test
    void aTokenHolderGetsAGithubTokenWhoseLeaseRevocationReachesGithub() {
        assertThat(http().vault("PUT", "sys/policies/acl/bb-minter",
                "{\"policy\":\"path \\\"github/token\\\" { capabilities = [\\\"update\\\"] }\"}", root()).status()).isEqualTo(204);
        String token = createToken("bb-minter");
        Answer minted = http().vault("POST", "github/token",
                "{\"installation_id\":" + BlackBoxWorld.INSTALLATION_ID + ",\"permissions\":{\"issues\":\"read\"}}", token);
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        String ghs = minted.json().getJsonObject("data").getString("token");
        assertThat(ghs).startsWith("ghs_");
        String lease = minted.json().getString("lease_id");
        assertThat(lease).startsWith("github/token/");

        Answer refused = http().vault("POST", "github/token", "{\"installation_id\":" + BlackBoxWorld.INSTALLATION_ID
                + ",\"permissions\":{\"administration\":\"write\"}}", token);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(500);
        assertThat(refused.body()).contains("unable to create access token: 422 Unprocessable Entity");

        assertThat(http().vault("POST", "auth/token/revoke-self", null, token).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> world().github().revokedTokens().contains(ghs));
    }

    @Test
    void theListVerbReachesTheBrokerOnThisServer() {
        // C5: Vault clients send the non-standard method LIST; some servers refuse unknown methods themselves
        Answer listed = http().vault("LIST", "sys/policies/acl", null, root());
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().getJsonObject("data").getJsonArray("keys").toString()).contains("\"default\"");
        Answer query = http().vault("GET", "sys/policies/acl?list=true", null, root());
        assertThat(query.status()).as(query.toString()).isEqualTo(200);
        assertThat(query.json().getJsonObject("data").getJsonArray("keys")).isEqualTo(listed.json().getJsonObject("data").getJsonArray("keys"));
    }

    @Test
    void theVaultClientsFirstCallsAreAnsweredOnThisServer() {
        // issue 15: vault status, auth/secrets list, the Go client's GetAuth, the KV preflight, accessor listing
        Answer seal = http().vault("GET", "sys/seal-status", null, null);
        assertThat(seal.status()).as(seal.toString()).isEqualTo(200);
        assertThat(seal.json().getBoolean("sealed")).isFalse();
        assertThat(http().vault("GET", "sys/leader", null, null).json().getString("active_time")).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(http().vault("GET", "sys/auth", null, root()).json().getJsonObject("data").keySet())
                .containsExactlyInAnyOrder("github/", "jwt/", "token/");
        assertThat(http().vault("GET", "sys/mounts/auth/github", null, root()).json().getJsonObject("data").getString("type"))
                .isEqualTo("github");
        Answer preflight = http().vault("GET", "sys/internal/ui/mounts/github/token/x", null, root());
        assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
        assertThat(preflight.json().getJsonObject("data").getString("path")).isEqualTo("github/");
        assertThat(http().vault("GET", "sys/internal/ui/mounts/secret/x", null, root()).status()).isEqualTo(404);
        Answer accessors = http().vault("LIST", "auth/token/accessors", null, root());
        assertThat(accessors.status()).as(accessors.toString()).isEqualTo(200);
        assertThat(accessors.json().getJsonObject("data").getJsonArray("keys")).isNotEmpty();
    }

    @Test
    void aWorkflowLogsInAtTheJwtAuthMethodOnThisServer() {
        // issue 17: Vault's JWT auth method, its config, role and login through this server's JPA provider
        Answer config = http().vault("PUT", "auth/jwt/config", "{\"jwks_url\":\"" + world().oidc().jwksUrl()
                + "\",\"bound_issuer\":\"" + BlackBoxWorld.ISSUER + "\"}", root());
        assertThat(config.status()).as(config.toString()).isEqualTo(204);
        Answer role = http().vault("PUT", "auth/jwt/role/blackbox", "{\"role_type\":\"jwt\",\"user_claim\":\"repository\","
                + "\"bound_audiences\":\"broker.example.org\",\"bound_claims\":{\"ref\":\"refs/heads/main\"},"
                + "\"claim_mappings\":{\"actor\":\"actor\"},\"token_ttl\":\"5m\"}", root());
        assertThat(role.status()).as(role.toString()).isEqualTo(204);
        Answer login = http().vault("POST", "auth/jwt/login", "{\"role\":\"blackbox\",\"jwt\":\"" + world().oidc().tokenT()
                + "\"}", null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.json().getJsonObject("auth").getString("client_token");
        Answer self = http().vault("GET", "auth/token/lookup-self", null, token);
        assertThat(self.json().getJsonObject("data").getString("display_name")).isEqualTo("jwt-octocat/playground");
        assertThat(self.json().getJsonObject("data").getJsonObject("meta").getString("actor")).isEqualTo("octocat");
        Answer refused = http().vault("POST", "auth/jwt/login", "{\"role\":\"blackbox\",\"jwt\":\""
                + world().oidc().token().claim("ref", "refs/heads/dev").build() + "\"}", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("claim \\\"ref\\\" does not match any associated bound claim values");
    }

    @Test
    void webhookDeliveriesAreVerifiedOnThisServer() {
        // issue 18: the webhook servlet with its secret from the environment, the signature checked before anything
        String ping = "{\"zen\":\"Design for failure.\",\"hook_id\":1}";
        String signature = dev.tokenbroker.policycheck.control.WebhookSignature.header(BlackBoxWorld.WEBHOOK_SECRET,
                ping.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Answer pong = http().send("POST", "webhooks/github", ping, "Content-Type", "application/json",
                "X-GitHub-Event", "ping", "X-GitHub-Delivery", java.util.UUID.randomUUID().toString(),
                "X-Hub-Signature-256", signature);
        assertThat(pong.status()).as(pong.toString()).isEqualTo(200);
        Answer unsigned = http().send("POST", "webhooks/github", ping, "Content-Type", "application/json",
                "X-GitHub-Event", "ping", "X-GitHub-Delivery", java.util.UUID.randomUUID().toString());
        assertThat(unsigned.status()).isEqualTo(401);
        Answer tampered = http().send("POST", "webhooks/github", ping.replace("failure", "success"), "Content-Type",
                "application/json", "X-GitHub-Event", "ping", "X-GitHub-Delivery", java.util.UUID.randomUUID().toString(),
                "X-Hub-Signature-256", signature);
        assertThat(tampered.status()).isEqualTo(401);
    }

    @Test
    void metricsAreServedInPrometheusTextFormatOnThisServer() {
        // issue 16: the WAR carries its registry, so every server serves the same names
        assertThat(http().vault("GET", "sys/health", null, null).status()).isEqualTo(200);
        Answer metrics = http().send("GET", "metrics", null);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("broker_vault_requests_total{route=\"sys/health\"");
        // the gauges read from the database work with this server's JPA provider, and Vault's form is served
        assertThat(metrics.body()).contains("broker_database_up 1.0", "broker_github_breaker_state{state=\"closed\"} 1.0")
                .containsPattern("(?m)^broker_vault_leases\\{state=\"active\"\\} [0-9]")
                .containsPattern("(?m)^broker_vault_tokens\\{source=\"create\"\\} [0-9]");
        Answer vaultForm = http().vault("GET", "sys/metrics?format=prometheus", null, root());
        assertThat(vaultForm.status()).as(vaultForm.toString()).isEqualTo(200);
        assertThat(vaultForm.body()).contains("broker_vault_requests_total");
    }

    @Test
    void theCircuitBreakerHoldsOpenWithItsShippedDefaultsOnThisServer() {
        // the breaker as shipped: 5 consecutive failures open it for 30 s; Payara's FT once reopened it after 30 ms
        String body = "{\"permissions\":{\"contents\":\"read\"}}";
        assertThat(http().exchange(world().oidc().tokenT(), body).status()).isEqualTo(200);
        world().github().failEverything(dev.tokenbroker.testsupport.GitHubSimulator.Fault.status(502));
        try {
            await("the breaker opening").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> http().exchange(world().oidc().tokenT(), body).body().contains("(circuit open)"));
            int calls = world().github().totalCalls();
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                Answer refused = http().exchange(world().oidc().tokenT(), body);
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(20, 30);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            }
            assertThat(world().github().totalCalls()).as("no call reaches GitHub while the breaker is open").isEqualTo(calls);
        } finally {
            world().github().clearFaults();
        }
        await("recovery after the probe").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .until(() -> http().exchange(world().oidc().tokenT(), body).status() == 200);
    }

    @Test
    void aHostileCorpusIsRefusedWith4xxWithoutLeakingOrChangingAnything() {
        // issue 12: every case a 4xx, never a 5xx or a dropped connection, no secret in the answer, and no state changed
        List<HostileCorpus.Case> corpus = HostileCorpus.all();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        assertThat(corpus.stream().map(HostileCorpus.Case::name).distinct().count()).as("unique names").isEqualTo(corpus.size());
        String before = stateSnapshot();
        int mintsBefore = world().github().count(dev.tokenbroker.testsupport.GitHubSimulator.MINT);
        List<String> failures = new java.util.ArrayList<>();
        for (HostileCorpus.Case c : corpus) {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(c.headers());
            switch (c.credential()) {
                case ROOT -> headers.put("X-Vault-Token", root());
                case WORKFLOW -> headers.put("Authorization", "Bearer " + world().oidc().tokenT());
                case GARBAGE_TOKEN -> headers.put("Authorization", "Bearer not.a.jwt");
                default -> { }
            }
            RawHttpClient.Answer answer;
            long started = System.nanoTime();
            try {
                answer = RawHttpClient.send(http().base(), c.method(), c.path(), headers, c.body());
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (millis > 2_000) {
                    System.out.println("hostile corpus: slow case (" + millis + " ms): " + c.name());
                }
            } catch (java.io.UncheckedIOException e) {
                failures.add(c.name() + ": no answer (" + e.getMessage() + ")");
                continue;
            }
            if (c.answeredByTheServer() ? answer.status() == 0 || answer.status() > 499
                    : answer.status() < 400 || answer.status() > 499) {
                failures.add(c.name() + ": " + answer);
            } else if (answer.body().contains(root()) || answer.body().contains(BlackBoxWorld.PERSONAL_TOKEN)
                    || answer.body().contains("ghs_") || answer.body().contains("\tat ")
                    || !c.answeredByTheServer() && answer.body().contains("Exception")) {
                failures.add(c.name() + ": the answer shows a secret or a stack trace: " + answer);
            }
        }
        System.out.println("hostile corpus: " + corpus.size() + " named cases, " + failures.size() + " failed");
        assertThat(failures).as("cases not answered with a clean 4xx").isEmpty();
        assertThat(stateSnapshot()).as("nothing the corpus sent changed the broker's state").isEqualTo(before);
        assertThat(world().github().count(dev.tokenbroker.testsupport.GitHubSimulator.MINT)).as("nothing was minted")
                .isEqualTo(mintsBefore);
    }

    /** What a hostile write could change: policies, the GitHub auth config, mappings, permission sets. */
    private String stateSnapshot() {
        List<String> parts = new java.util.ArrayList<>();
        for (String[] read : new String[][] {{"LIST", "sys/policies/acl"}, {"GET", "auth/github/config"},
            {"LIST", "auth/github/map/teams"}, {"LIST", "github/permissionsets"}, {"GET", "sys/policies/acl/hostile-policy"},
            {"GET", "auth/github/map/teams/hostile"}, {"GET", "github/permissionset/hostile"}}) {
            Answer answer = http().vault(read[0], read[1], null, root());
            parts.add(read[1] + " " + answer.status() + " " + (answer.status() == 200 && answer.json().containsKey("data")
                    ? answer.json().get("data").toString() : ""));
        }
        return String.join("\n", parts);
    }

    private String createToken(String policy) {
        Answer created = http().vault("POST", "auth/token/create", "{\"policies\":[\"" + policy + "\"],\"ttl\":\"10m\"}", root());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().getJsonObject("auth").getString("client_token");
    }

    private void configureGithubLogin(String policy) {
        Answer config = http().vault("PUT", "auth/github/config", "{\"organization\":\"" + BlackBoxWorld.ORGANIZATION
                + "\",\"organization_id\":" + BlackBoxWorld.ORGANIZATION_ID + ",\"base_url\":\"" + world().github().baseUrl() + "\"}", root());
        assertThat(config.status()).as(config.toString()).isEqualTo(204);
        assertThat(http().vault("PUT", "auth/github/map/teams/platform", "{\"value\":\"" + policy + "\"}", root()).status()).isEqualTo(204);
    }
}
