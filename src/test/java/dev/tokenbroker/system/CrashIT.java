package dev.tokenbroker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenbroker.blackbox.BlackBoxWorld;
import dev.tokenbroker.blackbox.Http;
import dev.tokenbroker.blackbox.Http.Answer;
import dev.tokenbroker.servers.BinStartProcess;
import dev.tokenbroker.servers.PayaraMicroProcess;
import dev.tokenbroker.servers.ServerProcess;
import dev.tokenbroker.servers.TestDatabase;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The crash drill: Vault writes from several clients at once (token creations, child tokens whose parent is then
 * revoked, revocations, ACL policy writes), the server JVM killed with SIGKILL in the middle of them, a restart on the
 * same data, and then every write that had been acknowledged with a 2xx is checked: created tokens look up, revoked
 * tokens and their children stay revoked, policies read back. Run on the embedded H2 exactly as the README's run
 * command starts it, and on PostgreSQL. Figures go to {@code target/drill-measurements.txt}.
 */
class CrashIT {

    private static final int WRITERS = 6;
    /** Acknowledged writes to wait for before the kill: enough that writes are surely in flight when it comes. */
    private static final int WRITES_BEFORE_KILL = 240;
    private static final String PARENT_POLICY = "crash-parent";

    private BlackBoxWorld world;
    private ServerProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKillOnTheEmbeddedDatabase() {
        Path work = fresh("crash-h2");
        world = BlackBoxWorld.fresh(work.resolve("world"));
        drill("embedded H2 (bin/start)", new BinStartProcess("bin/start", work.resolve("broker")), world.brokerEnvironment());
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKillOnPostgresql() {
        Path work = fresh("crash-postgresql");
        world = BlackBoxWorld.fresh(work.resolve("world"));
        Map<String, String> env = new LinkedHashMap<>(world.brokerEnvironment());
        env.putAll(TestDatabase.recreate("broker_crash"));
        env.put("BROKER_DATA_DIR", work.resolve("data").toAbsolutePath().toString());
        drill("PostgreSQL", new PayaraMicroProcess("Payara Micro on PostgreSQL", work.resolve("broker")), env);
    }

    private void drill(String database, ServerProcess broker, Map<String, String> env) {
        server = broker.start(env);
        Http http = new Http(server.baseUrl());
        String root = world.rootToken();
        Answer policy = http.vault("PUT", "sys/policies/acl/" + PARENT_POLICY,
                "{\"policy\":\"path \\\"auth/token/create\\\" { capabilities = [\\\"update\\\"] }\"}", root);
        assertThat(policy.status()).as(policy.toString()).isEqualTo(204);

        Acknowledged acked = new Acknowledged();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger count = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        long started = System.nanoTime();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.submit(() -> write(http, root, writer, acked, count, stop));
        }
        await("acknowledged writes before the kill").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> count.get() >= WRITES_BEFORE_KILL);
        server.kill();
        double seconds = (System.nanoTime() - started) / 1e9;
        int acknowledgedAtKill = count.get();
        stop.set(true);
        writers.shutdown();
        try {
            assertThat(writers.awaitTermination(90, TimeUnit.SECONDS)).as("writers end once the server is gone").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }

        server = broker.start(env);
        List<String> lost = new ArrayList<>();
        acked.liveTokens.forEach(t -> {
            if (!acked.revocationsSent.contains(t) && status(http, "GET", "auth/token/lookup-self", null, t) != 200) {
                lost.add("created token " + t.substring(0, 8) + "… no longer looks up");
            }
        });
        acked.revokedTokens.forEach(t -> {
            int status = status(http, "GET", "auth/token/lookup-self", null, t);
            if (status != 403) {
                lost.add("revoked token " + t.substring(0, 8) + "… answers " + status);
            }
        });
        acked.policies.forEach((name, path) -> {
            Answer read = http.vault("GET", "sys/policies/acl/" + name, null, root);
            if (read.status() != 200 || !read.json().getJsonObject("data").getString("policy").contains(path)) {
                lost.add("policy " + name + " reads " + read.status());
            }
        });
        int total = count.get();
        DrillReport.record(String.format("crash drill on %s: %d writes acknowledged in %.1f s by %d clients (%d tokens created, "
                + "%d revoked, %d policies), SIGKILL, restart: %d lost", database, total, seconds, WRITERS,
                acked.liveTokens.size(), acked.revokedTokens.size(), acked.policies.size(), lost.size()));
        assertThat(acknowledgedAtKill).as("acknowledged writes").isGreaterThanOrEqualTo(WRITES_BEFORE_KILL);
        assertThat(acked.revokedTokens).as("revocations were among them").isNotEmpty();
        assertThat(lost).as("acknowledged writes lost after kill -9 on " + database).isEmpty();
    }

    /** One client: creates, revokes (itself and through a parent) and writes policies until the server is gone. */
    private static void write(Http http, String root, int writer, Acknowledged acked, AtomicInteger count, AtomicBoolean stop) {
        List<String> mine = new ArrayList<>();
        for (int i = 0; !stop.get(); i++) {
            try {
                switch (i % 4) {
                    case 0 -> {
                        String token = create(http, root, "{\"policies\":[\"default\"],\"ttl\":\"2h\"}");
                        acked.liveTokens.add(token);
                        mine.add(token);
                        count.incrementAndGet();
                    }
                    case 1 -> {
                        String parent = create(http, root, "{\"policies\":[\"" + PARENT_POLICY + "\"],\"ttl\":\"2h\"}");
                        acked.liveTokens.add(parent);
                        String child = create(http, parent, "{\"policies\":[\"default\"],\"ttl\":\"1h\"}");
                        acked.liveTokens.add(child);
                        count.addAndGet(2);
                        acked.revocationsSent.add(parent);
                        acked.revocationsSent.add(child);
                        ok(http.vault("POST", "auth/token/revoke", "{\"token\":\"" + parent + "\"}", root), 204);
                        acked.revokedTokens.add(parent);
                        acked.revokedTokens.add(child);
                        count.incrementAndGet();
                    }
                    case 2 -> {
                        if (!mine.isEmpty()) {
                            String token = mine.remove(0);
                            acked.revocationsSent.add(token);
                            ok(http.vault("POST", "auth/token/revoke", "{\"token\":\"" + token + "\"}", root), 204);
                            acked.revokedTokens.add(token);
                            count.incrementAndGet();
                        }
                    }
                    default -> {
                        String name = "crash-" + writer + "-" + i;
                        String path = "github/token/" + name;
                        ok(http.vault("PUT", "sys/policies/acl/" + name, "{\"policy\":\"path \\\"" + path
                                + "\\\" { capabilities = [\\\"read\\\"] }\"}", root), 204);
                        acked.policies.put(name, path);
                        count.incrementAndGet();
                    }
                }
            } catch (UncheckedIOException | NotAcknowledged e) {
                // the server died under this request: it was never acknowledged
            }
        }
    }

    private static String create(Http http, String token, String body) {
        Answer created = ok(http.vault("POST", "auth/token/create", body, token), 200);
        return created.json().getJsonObject("auth").getString("client_token");
    }

    private static Answer ok(Answer answer, int expected) {
        if (answer.status() != expected) {
            throw new NotAcknowledged(answer.toString());
        }
        return answer;
    }

    private static int status(Http http, String method, String path, String body, String token) {
        return http.vault(method, path, body, token).status();
    }

    /** What the server acknowledged: these must all hold after the restart. */
    private static final class Acknowledged {
        final List<String> liveTokens = Collections.synchronizedList(new ArrayList<>());
        final java.util.Set<String> revokedTokens = ConcurrentHashMap.newKeySet();
        /** Tokens whose revocation was sent: revoked or not, if it was never acknowledged either outcome is right. */
        final java.util.Set<String> revocationsSent = ConcurrentHashMap.newKeySet();
        final Map<String, String> policies = new ConcurrentHashMap<>();
    }

    /** A non-2xx answer during the drill; before the kill it would be a bug, and the counts then fall short. */
    private static final class NotAcknowledged extends RuntimeException {
        NotAcknowledged(String message) {
            super(message);
        }
    }

    private static Path fresh(String name) {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "system", name);
        try {
            ServerProcess.deleteRecursively(work);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return work;
    }
}
