package dev.tokenbroker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import dev.tokenbroker.blackbox.BlackBoxWorld;
import dev.tokenbroker.blackbox.Http;
import dev.tokenbroker.blackbox.Http.Answer;
import dev.tokenbroker.servers.PayaraMicroProcess;
import dev.tokenbroker.servers.ServerProcess;
import dev.tokenbroker.servers.TestDatabase;
import dev.tokenbroker.testsupport.GitHubSimulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two broker processes (Payara Micro) on one PostgreSQL database, as the README's multi-node section describes: what
 * one node writes, the other's next request sees (vault-api.md §0.5); expired tokens' leases are revoked at GitHub
 * exactly once although both nodes' reapers race for them; the exchange's GitHub caches stay per node; a child token
 * never outlives a parent revoked on the other node; nodes starting at once share one schema and one generated root
 * token; a node with another encryption key fails closed.
 */
class TwoNodesIT {

    private static final Duration FRESHNESS = Duration.ofSeconds(8);
    private static final String CONTENTS_READ = "{\"permissions\":{\"contents\":\"read\"}}";

    private static Path work;
    private static Map<String, String> environment;
    private static BlackBoxWorld world;
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static Http a;
    private static Http b;

    @BeforeAll
    static void start() {
        work = Path.of(System.getProperty("java.io.tmpdir"), "system", "two-nodes");
        world = BlackBoxWorld.fresh(work.resolve("world"));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new LinkedHashMap<>(world.brokerEnvironment());
        env.putAll(TestDatabase.recreate("broker_two_nodes"));
        env.put("BROKER_VAULT_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key));
        env.put("BROKER_VAULT_REAPER_INTERVAL", "1s");
        env.put("BROKER_EXCHANGE_POLICY_FRESHNESS", FRESHNESS.toSeconds() + "s");
        environment = env;
        // one after the other here; twoNodesStartingAtOnce... starts two at once on an empty database
        nodeA = new PayaraMicroProcess("node A", work.resolve("a")).start(withDataDir(env, work.resolve("a/data")));
        nodeB = new PayaraMicroProcess("node B", work.resolve("b")).start(withDataDir(env, work.resolve("b/data")));
        a = new Http(nodeA.baseUrl());
        b = new Http(nodeB.baseUrl());
    }

    private static Map<String, String> withDataDir(Map<String, String> env, Path dir) {
        Map<String, String> copy = new LinkedHashMap<>(env);
        copy.put("BROKER_DATA_DIR", dir.toAbsolutePath().toString());
        return copy;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, world}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aTokenRevokedOnOneNodeIsRefusedOnTheOtherAtOnce() {
        String token = createToken(a, "default", "10m");
        assertThat(a.vault("GET", "auth/token/lookup-self", null, token).status()).isEqualTo(200);
        assertThat(b.vault("GET", "auth/token/lookup-self", null, token).status()).isEqualTo(200);

        assertThat(b.vault("POST", "auth/token/revoke", "{\"token\":\"" + token + "\"}", world.rootToken()).status()).isEqualTo(204);
        assertThat(a.vault("GET", "auth/token/lookup-self", null, token).status()).as("node A, right after B revoked").isEqualTo(403);
    }

    @Test
    void policyMappingAndConfigChangesOnOneNodeApplyToTheNextRequestOnTheOther() {
        writePolicy(a, "tn-reader", "read");
        String token = createToken(a, "tn-reader", "10m");
        assertThat(b.vault("GET", "sys/policies/acl/tn-reader", null, token).status()).isEqualTo(200);
        writePolicy(b, "tn-reader", "deny");
        assertThat(a.vault("GET", "sys/policies/acl/tn-reader", null, token).status()).as("policy changed on B, used on A").isEqualTo(403);

        Answer config = a.vault("PUT", "auth/github/config", "{\"organization\":\"" + BlackBoxWorld.ORGANIZATION
                + "\",\"organization_id\":" + BlackBoxWorld.ORGANIZATION_ID + ",\"base_url\":\"" + world.github().baseUrl()
                + "\",\"token_ttl\":\"1h\"}", world.rootToken());
        assertThat(config.status()).as(config.toString()).isEqualTo(204);
        assertThat(a.vault("PUT", "auth/github/map/teams/platform", "{\"value\":\"tn-first\"}", world.rootToken()).status()).isEqualTo(204);
        JsonObject onB = login(b);
        assertThat(onB.getJsonArray("policies").toString()).contains("\"tn-first\"");
        assertThat(onB.getInt("lease_duration")).isEqualTo(3600);

        assertThat(b.vault("PUT", "auth/github/map/teams/platform", "{\"value\":\"tn-second\"}", world.rootToken()).status()).isEqualTo(204);
        assertThat(b.vault("PUT", "auth/github/config", "{\"token_ttl\":\"2h\"}", world.rootToken()).status()).isEqualTo(204);
        JsonObject onA = login(a);
        assertThat(onA.getJsonArray("policies").toString()).contains("\"tn-second\"").doesNotContain("\"tn-first\"");
        assertThat(onA.getInt("lease_duration")).isEqualTo(7200);
    }

    @Test
    void leasesOfExpiredTokensAreRevokedAtGithubExactlyOnceAlthoughBothNodesReap() {
        assertThat(a.vault("PUT", "sys/policies/acl/tn-minter",
                "{\"policy\":\"path \\\"github/token\\\" { capabilities = [\\\"update\\\"] }\"}", world.rootToken()).status()).isEqualTo(204);
        List<String> minted = new ArrayList<>();
        List<String> leases = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Http node = i % 2 == 0 ? a : b;
            String holder = createToken(node, "tn-minter", "3s");
            Answer mint = node.vault("POST", "github/token", "{\"installation_id\":" + BlackBoxWorld.INSTALLATION_ID
                    + ",\"permissions\":{\"issues\":\"read\"}}", holder);
            assertThat(mint.status()).as(mint.toString()).isEqualTo(200);
            minted.add(mint.json().getJsonObject("data").getString("token"));
            leases.add(mint.json().getString("lease_id"));
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> world.github().revokedTokens().containsAll(minted));
        // a revoked lease is deleted, so once neither node knows it, no further revocation can happen
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> leases.stream()
                .allMatch(l -> leaseGone(a, l) && leaseGone(b, l)));
        for (String ghs : minted) {
            long revocations = world.github().calls().stream()
                    .filter(c -> c.routeKey().equals(GitHubSimulator.REVOKE))
                    .filter(c -> ("token " + ghs).equals(c.headers().get("authorization"))
                            || ("Bearer " + ghs).equals(c.headers().get("authorization")))
                    .count();
            assertThat(revocations).as("DELETE /installation/token for one lease").isEqualTo(1);
        }
    }

    @Test
    void theExchangesGithubCachesArePerNodeAndBoundedByTheirFreshness() {
        String policyPath = ".github/access-token.yaml";
        assertThat(a.exchange(world.oidc().tokenT(), CONTENTS_READ).status()).isEqualTo(200);
        int readsBefore = contentReads();
        assertThat(a.exchange(world.oidc().tokenT(), CONTENTS_READ).status()).isEqualTo(200);
        assertThat(contentReads()).as("node A answers from its cache").isEqualTo(readsBefore);

        world.github().putFile(BlackBoxWorld.ORGANIZATION, "playground", policyPath, """
                origin: octocat/playground
                statements:
                  - {subjects: ['repo:${origin}:ref:refs/heads/main'], permissions: {pull-requests: write}}
                """);
        try {
            Answer onB = b.exchange(world.oidc().tokenT(), CONTENTS_READ);
            assertThat(onB.status()).as("node B reads the policy itself: " + onB).isEqualTo(403);
            assertThat(contentReads()).as("node B asked GitHub").isGreaterThan(readsBefore);
            long changed = System.nanoTime();
            Answer onA = a.exchange(world.oidc().tokenT(), CONTENTS_READ);
            if (Duration.ofNanos(System.nanoTime() - changed).compareTo(FRESHNESS) < 0) {
                assertThat(onA.status()).as("node A still within its freshness window: " + onA).isEqualTo(200);
            }
            await("node A revalidates after " + FRESHNESS).atMost(FRESHNESS.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> a.exchange(world.oidc().tokenT(), CONTENTS_READ).status() == 403);
        } finally {
            world.github().putFile(BlackBoxWorld.ORGANIZATION, "playground", policyPath, """
                    origin: octocat/playground
                    statements:
                      - {subjects: ['repo:${origin}:ref:refs/heads/main'], permissions: {contents: write}}
                    """);
        }
    }

    @Test
    void aChildCreatedWhileItsParentIsRevokedOnTheOtherNodeNeverOutlivesIt() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            assertThat(a.vault("PUT", "sys/policies/acl/tn-creator",
                    "{\"policy\":\"path \\\"auth/token/create\\\" { capabilities = [\\\"update\\\"] }\"}", world.rootToken()).status())
                    .isEqualTo(204);
            int created = 0;
            for (int round = 0; round < 20; round++) {
                String parent = createToken(a, "tn-creator", "10m");
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Answer>> children = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    children.add(pool.submit(() -> {
                        go.await();
                        return a.vault("POST", "auth/token/create", "{\"policies\":[\"default\"],\"ttl\":\"5m\"}", parent);
                    }));
                }
                long offset = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(round * 2L);
                java.util.concurrent.Future<Answer> revoked = pool.submit(() -> {
                    go.await();
                    // shift the revocation across the creations' window, round by round (0 to 38 ms): an interleaving, not a wait
                    java.util.concurrent.locks.LockSupport.parkNanos(offset);
                    return b.vault("POST", "auth/token/revoke", "{\"token\":\"" + parent + "\"}", world.rootToken());
                });
                go.countDown();
                assertThat(revoked.get().status()).isEqualTo(204);
                for (java.util.concurrent.Future<Answer> child : children) {
                    Answer answer = child.get();
                    assertThat(answer.status()).as(answer.toString()).isIn(200, 403);
                    if (answer.status() == 200) {
                        created++;
                        String token = answer.json().getJsonObject("auth").getString("client_token");
                        assertThat(a.vault("GET", "auth/token/lookup-self", null, token).status())
                                .as("a child created in round " + round + " outlived its revoked parent").isEqualTo(403);
                    }
                }
            }
            System.out.println("children created while their parent was being revoked: " + created + " of 60");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoNodesStartingAtOnceOnAnEmptyDatabaseShareOneSchemaAndGenerateOneRootToken() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(TestDatabase.recreate("broker_two_nodes_at_once"));
        env.remove("BROKER_VAULT_ROOT_TOKEN_SHA256");
        env.put("BROKER_VAULT_ROOT_TOKEN_GENERATE", "true");
        java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newFixedThreadPool(2);
        ServerProcess first = new PayaraMicroProcess("node D", work.resolve("d"));
        ServerProcess second = new PayaraMicroProcess("node E", work.resolve("e"));
        try {
            java.util.concurrent.Future<ServerProcess> d = starter.submit(() -> first.start(withDataDir(env, work.resolve("d/data"))));
            java.util.concurrent.Future<ServerProcess> e = starter.submit(() -> second.start(withDataDir(env, work.resolve("e/data"))));
            d.get();
            e.get();
            java.util.regex.Pattern banner = java.util.regex.Pattern.compile("root token, shown once: (hvs\\.[0-9A-Za-z]{43})");
            List<String> shown = new ArrayList<>();
            for (ServerProcess node : List.of(first, second)) {
                banner.matcher(node.logText()).results().forEach(m -> shown.add(m.group(1)));
            }
            assertThat(shown).as("D4: exactly one node generates the root token").hasSize(1);
            Http onD = new Http(first.baseUrl());
            Http onE = new Http(second.baseUrl());
            assertThat(onD.vault("GET", "auth/token/lookup-self", null, shown.get(0)).status()).isEqualTo(200);
            assertThat(onE.vault("GET", "auth/token/lookup-self", null, shown.get(0)).status()).isEqualTo(200);
            writePolicy(onD, "at-once", "read", shown.get(0));
            assertThat(onE.vault("GET", "sys/policies/acl/at-once", null, shown.get(0)).status()).isEqualTo(200);
        } finally {
            starter.shutdownNow();
            first.close();
            second.close();
        }
    }

    @Test
    void aNodeWithAnotherEncryptionKeyRefusesToEncryptInsteadOfWritingWhatTheOthersCannotRead() {
        Map<String, String> env = withDataDir(environment, work.resolve("c/data"));
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        env.put("BROKER_VAULT_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(other));
        try (ServerProcess nodeC = new PayaraMicroProcess("node C", work.resolve("c")).start(env)) {
            Http c = new Http(nodeC.baseUrl());
            Answer ready = c.send("GET", "health/ready", null);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).contains("is not the key the database was set up with");
            Answer login = c.vault("POST", "auth/github/login", "{\"token\":\"" + BlackBoxWorld.PERSONAL_TOKEN + "\"}", null);
            assertThat(login.status()).as("nothing is encrypted with the wrong key: " + login).isEqualTo(500);
            assertThat(c.vault("GET", "auth/token/lookup-self", null, world.rootToken()).status())
                    .as("what needs no key still works").isEqualTo(200);
        }
        assertThat(a.send("GET", "health/ready", null).body()).doesNotContain("is not the key");
    }

    private static int contentReads() {
        return world.github().count(GitHubSimulator.CONTENTS);
    }

    private static boolean leaseGone(Http node, String lease) {
        Answer lookup = node.vault("PUT", "sys/leases/lookup", "{\"lease_id\":\"" + lease + "\"}", world.rootToken());
        return lookup.status() == 400 && lookup.body().contains("invalid lease");
    }

    private static JsonObject login(Http node) {
        Answer login = node.vault("POST", "auth/github/login", "{\"token\":\"" + BlackBoxWorld.PERSONAL_TOKEN + "\"}", null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.json().getJsonObject("auth");
    }

    private static void writePolicy(Http node, String name, String capability) {
        writePolicy(node, name, capability, world.rootToken());
    }

    private static void writePolicy(Http node, String name, String capability, String token) {
        Answer written = node.vault("PUT", "sys/policies/acl/" + name, "{\"policy\":\"path \\\"sys/policies/acl/*\\\" { capabilities = [\\\""
                + capability + "\\\"] }\"}", token);
        assertThat(written.status()).as(written.toString()).isEqualTo(204);
    }

    private static String createToken(Http node, String policy, String ttl) {
        Answer created = node.vault("POST", "auth/token/create", "{\"policies\":[\"" + policy + "\"],\"ttl\":\"" + ttl + "\"}",
                world.rootToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().getJsonObject("auth").getString("client_token");
    }
}
