package dev.tokenbroker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tokenbroker.blackbox.BlackBoxWorld;
import dev.tokenbroker.blackbox.Http;
import dev.tokenbroker.servers.PayaraMicroProcess;
import dev.tokenbroker.servers.ServerProcess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker behind a real nginx (Debian's package) configured with {@code server-config/nginx/broker-proxy.conf}.
 * Loopback has many addresses: nginx connects to the broker from 127.0.0.2, the only trusted proxy; clients call from
 * 127.0.0.3 and 127.0.0.4 (through nginx) or 127.0.0.1 (directly, an untrusted peer).
 */
class ReverseProxyIT {

    private static final String PROXY = "127.0.0.2";
    private static final String CLIENT = "127.0.0.3";
    private static final String OTHER_CLIENT = "127.0.0.4";
    private static final String DIRECT = "127.0.0.1";
    /** Request ids unique to this run, so an audit line is never one of an earlier run's. */
    private static final String RUN = java.util.UUID.randomUUID().toString();

    private static BlackBoxWorld world;
    private static ServerProcess broker;
    private static Process nginx;
    private static int nginxPort;
    private static int brokerPort;

    @BeforeAll
    static void start() throws IOException {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "system", "reverse-proxy");
        world = BlackBoxWorld.fresh(work.resolve("world"));
        Map<String, String> env = new LinkedHashMap<>(world.brokerEnvironment());
        env.put("BROKER_DATA_DIR", work.resolve("data").toAbsolutePath().toString());
        env.put("BROKER_HTTP_TRUSTED_PROXIES", PROXY + "/32");
        broker = new PayaraMicroProcess("Payara Micro behind nginx", work.resolve("broker")).start(env);
        brokerPort = broker.baseUrl().getPort();
        nginxPort = ServerProcess.freePort();
        nginx = startNginx(work.resolve("nginx"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(20, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void theActionsRequestWorksThroughNginxAndTheAuditNamesTheRealClientAndOrigin() {
        RawHttp.Answer answer = RawHttp.send(CLIENT, nginxPort, "POST", "/access_tokens", Map.of(
                "Host", "broker.example.org", "Authorization", "Bearer " + world.oidc().tokenT(),
                "Content-Type", "application/json", "X-Request-Id", RUN + "-through-nginx",
                "X-Forwarded-For", "198.51.100.66"), "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().getString("token")).startsWith("ghs_");

        String event = auditEvent(RUN + "-through-nginx");
        assertThat(event).as("the client's forged entry is ignored, nginx's own view counts")
                .contains("\"client\":\"" + CLIENT + "\"").contains("\"origin\":\"http://broker.example.org\"");

        RawHttp.Answer garbage = RawHttp.send(CLIENT, nginxPort, "POST", "/access_tokens", Map.of(
                "Host", "broker.example.org", "Authorization", "Bearer " + world.oidc().tokenT(),
                "Content-Type", "application/json", "X-Forwarded-For", "not-an-address"), "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(garbage.status()).as("an entry that is no IP address, relayed by a trusted proxy: " + garbage).isEqualTo(400);
        assertThat(garbage.json().getString("message")).isEqualTo("invalid X-Forwarded-For header");
    }

    /** issue 16: the scraper reaches /metrics on the broker; through the shipped nginx configuration it is not there. */
    @Test
    void metricsAreServedDirectlyButNotThroughTheProxy() {
        RawHttp.Answer direct = RawHttp.send(DIRECT, brokerPort, "GET", "/metrics", Map.of(), null);
        assertThat(direct.status()).isEqualTo(200);
        assertThat(direct.body()).contains("jvm_memory_used_bytes");
        RawHttp.Answer proxied = RawHttp.send(CLIENT, nginxPort, "GET", "/metrics", Map.of("Host", "broker.example.org"), null);
        assertThat(proxied.status()).isEqualTo(404);
        assertThat(proxied.body()).doesNotContain("jvm_memory_used_bytes");
    }

    @Test
    void anUntrustedPeersForwardedHeadersAreIgnored() {
        RawHttp.Answer answer = RawHttp.send(DIRECT, brokerPort, "POST", "/access_tokens", Map.of(
                "Authorization", "Bearer " + world.oidc().tokenT(), "Content-Type", "application/json",
                "X-Request-Id", RUN + "-direct-spoof", "X-Forwarded-For", CLIENT,
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"), "{\"permissions\":{\"contents\":\"read\"}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(auditEvent(RUN + "-direct-spoof")).contains("\"client\":\"" + DIRECT + "\"")
                .contains("\"origin\":\"http://127.0.0.1:" + brokerPort + "\"");
    }

    @Test
    void aBoundCidrSeesTheRealClientThroughNginxAndCannotBeSpoofed() {
        Http direct = new Http(broker.baseUrl());
        assertThat(direct.vault("PUT", "auth/github/config", "{\"organization\":\"" + BlackBoxWorld.ORGANIZATION
                + "\",\"organization_id\":" + BlackBoxWorld.ORGANIZATION_ID + ",\"base_url\":\"" + world.github().baseUrl()
                + "\",\"token_bound_cidrs\":[\"" + CLIENT + "/32\"]}", world.rootToken()).status()).isEqualTo(204);
        String login = "{\"token\":\"" + BlackBoxWorld.PERSONAL_TOKEN + "\"}";

        RawHttp.Answer refused = RawHttp.send(OTHER_CLIENT, nginxPort, "POST", "/v1/auth/github/login", Map.of(), login);
        assertThat(refused.status()).as("login from outside the bound CIDR: " + refused).isNotEqualTo(200);

        RawHttp.Answer loggedIn = RawHttp.send(CLIENT, nginxPort, "POST", "/v1/auth/github/login", Map.of(), login);
        assertThat(loggedIn.status()).as(loggedIn.toString()).isEqualTo(200);
        String token = loggedIn.json().getJsonObject("auth").getString("client_token");
        Map<String, String> asHolder = Map.of("X-Vault-Token", token);

        assertThat(RawHttp.send(CLIENT, nginxPort, "GET", "/v1/auth/token/lookup-self", asHolder, null).status()).isEqualTo(200);
        assertThat(RawHttp.send(OTHER_CLIENT, nginxPort, "GET", "/v1/auth/token/lookup-self", asHolder, null).status())
                .as("another client through nginx").isEqualTo(403);
        assertThat(RawHttp.send(OTHER_CLIENT, nginxPort, "GET", "/v1/auth/token/lookup-self",
                Map.of("X-Vault-Token", token, "X-Forwarded-For", CLIENT), null).status())
                .as("a forged X-Forwarded-For through nginx").isEqualTo(403);
        assertThat(RawHttp.send(DIRECT, brokerPort, "GET", "/v1/auth/token/lookup-self",
                Map.of("X-Vault-Token", token, "X-Forwarded-For", CLIENT), null).status())
                .as("a forged X-Forwarded-For from an untrusted peer").isEqualTo(403);
        assertThat(RawHttp.send(CLIENT, brokerPort, "GET", "/v1/auth/token/lookup-self", asHolder, null).status())
                .as("the bound address itself, directly").isEqualTo(200);
    }

    /** The audit line of the exchange with this request id, once the broker's log has it. */
    private static String auditEvent(String requestId) {
        String marker = "\"requestId\":\"" + requestId + "\"";
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> broker.logText().contains(marker));
        return broker.logText().lines().filter(l -> l.contains(marker) && l.contains("\"event\":\"exchange\"")).findFirst().orElseThrow();
    }

    private static Process startNginx(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("temp"));
        Path proxyConf = Path.of("server-config/nginx/broker-proxy.conf").toAbsolutePath();
        String root = System.getProperty("user.name").equals("root") ? "user root;\n" : "";
        String conf = root + """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 64; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                    upstream broker { server 127.0.0.1:%2$d; keepalive 4; }
                    server {
                        listen 127.0.0.1:%3$d;
                        server_name broker.example.org;
                        proxy_bind %4$s;
                        include %5$s;
                    }
                }
                """.formatted(dir.toAbsolutePath(), brokerPort, nginxPort, PROXY, proxyConf);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        Process process = new ProcessBuilder(List.of("nginx", "-p", dir.toAbsolutePath().toString(), "-c", file.toAbsolutePath().toString(),
                "-e", dir.resolve("error.log").toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        await("nginx listening on " + nginxPort).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .failFast("nginx exited; see " + dir, () -> !process.isAlive())
                .until(() -> accepts(nginxPort));
        return process;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
