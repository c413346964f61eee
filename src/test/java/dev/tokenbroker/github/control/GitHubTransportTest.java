package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.github.control.GitHubCircuit.State;
import dev.tokenbroker.github.entity.GitHubCredential;
import dev.tokenbroker.github.entity.GitHubDeadlineExceededException;
import dev.tokenbroker.github.entity.GitHubOutcomeUnknownException;
import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;
import dev.tokenbroker.platform.control.BrokerVersion;
import dev.tokenbroker.platform.control.CallDeadline;
import dev.tokenbroker.platform.control.ConfigurationProblems;
import dev.tokenbroker.platform.control.Settings;
import dev.tokenbroker.testsupport.MapConfig;

/**
 * The bounds of one attempt, against a local HTTP server that misbehaves the way a struggling GitHub can: an answer
 * whose body stalls after the headers, an endless answer, and the caller's deadline running out meanwhile.
 */
class GitHubTransportTest {

    private static final dev.tokenbroker.platform.control.Metrics METRICS = new dev.tokenbroker.platform.control.Metrics();

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private GitHubTransport transport;
    private GitHubCircuit circuit;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/stalled-body", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1000);
            OutputStream body = exchange.getResponseBody();
            body.write("{\"id\":".getBytes());
            body.flush();
            await();
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            requests.incrementAndGet();
            await();
            exchange.close();
        });
        server.createContext("/huge", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    body.write(chunk);
                }
            } catch (IOException expected) {
                // the broker stopped reading
            }
        });
        server.createContext("/quota", exchange -> {
            exchange.getResponseHeaders().add("x-ratelimit-limit", "15000");
            exchange.getResponseHeaders().add("x-ratelimit-remaining", "14321");
            exchange.getResponseHeaders().add("x-ratelimit-resource",
                    exchange.getRequestURI().getQuery() == null ? "core" : exchange.getRequestURI().getQuery());
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Clock clock = Clock.systemUTC();
        ConfigurationProblems problems = new ConfigurationProblems();
        Settings settings = new Settings(new MapConfig(Map.of(GitHubSettings.READ_TIMEOUT, "400ms",
                GitHubSettings.CONNECT_TIMEOUT, "300ms")), problems);
        GitHubSettings gitHub = new GitHubSettings();
        gitHub.settings = settings;
        gitHub.problems = problems;
        gitHub.version = new BrokerVersion();
        gitHub.read();
        circuit = new GitHubCircuit();
        circuit.metrics = METRICS;
        circuit.settings = settings;
        circuit.clock = clock;
        circuit.readSettings();
        RateLimitGate gate = new RateLimitGate();
        gate.clock = clock;
        transport = new GitHubTransport();
        transport.metrics = METRICS;
        transport.settings = gitHub;
        transport.gate = gate;
        transport.circuit = circuit;
        transport.clock = clock;
        transport.app = new GitHubAppCredentials();
        transport.createClient();
    }

    private void await() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private GitHubRequest get(String path) {
        return GitHubRequest.get(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), GitHubCredential.none());
    }

    @Test
    void aBodyThatStallsAfterTheHeadersEndsTheAttemptWithinReadPlusConnectTimeout() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> transport.send(get("/stalled-body"))).isInstanceOf(GitHubOutcomeUnknownException.class)
                .isNotInstanceOf(GitHubDeadlineExceededException.class).hasMessageContaining("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anAnswerLongerThanTwoMebibytesIsRefusedWithoutReadingItAll() {
        assertThatThrownBy(() -> transport.send(get("/huge"))).isInstanceOf(GitHubUnexpectedResponseException.class)
                .hasMessageContaining("larger than 2097152 bytes");
    }

    @Test
    void theCallersDeadlineShortensTheAttemptAndIsNotCountedByTheBreaker() {
        for (int i = 0; i < 8; i++) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> CallDeadline.within(Clock.systemUTC().instant().plusMillis(150),
                    () -> transport.send(get("/hang")))).isInstanceOf(GitHubDeadlineExceededException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(390));
        }
        assertThat(circuit.state()).as("eight deadline ends, no GitHub failure").isEqualTo(State.CLOSED);
    }

    @Test
    void noAttemptIsSentWhenNoTimeIsLeft() {
        assertThatThrownBy(() -> CallDeadline.within(Clock.systemUTC().instant().minusMillis(1),
                () -> transport.send(get("/hang")))).isInstanceOf(GitHubDeadlineExceededException.class)
                .hasMessageContaining("no time was left");
        assertThat(requests).hasValue(0);
    }

    /** issue 16: the core quota GitHub reports is shown per installation; other resources and people's quotas are not. */
    @Test
    void theCoreQuotaOfAnInstallationIsShownAndNothingElse() {
        dev.tokenbroker.platform.control.Metrics metrics = new dev.tokenbroker.platform.control.Metrics();
        transport.metrics = metrics;
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        transport.send(GitHubRequest.get(URI.create(base + "/quota"), GitHubCredential.installationToken("ghs_reader", 77)));
        transport.send(GitHubRequest.get(URI.create(base + "/quota?search"), GitHubCredential.installationToken("ghs_other", 78)));
        transport.send(GitHubRequest.get(URI.create(base + "/quota"), GitHubCredential.userToken("ghp_person")));

        String text = metrics.scrape();
        assertThat(text).contains("broker_github_rate_limit_remaining{app=\"none\",installation=\"77\"} 14321.0",
                "broker_github_rate_limit{app=\"none\",installation=\"77\"} 15000.0");
        assertThat(text).doesNotContain("installation=\"78\"").doesNotContain("ghp_person").doesNotContain("ghs_reader");
        assertThat(text.lines().filter(l -> l.startsWith("broker_github_rate_limit_remaining{"))).hasSize(1);
    }
}
