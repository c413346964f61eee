package dev.tokenbroker.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokenbroker.blackbox.BlackBoxWorld;
import dev.tokenbroker.blackbox.Http;
import dev.tokenbroker.blackbox.RawHttpClient;
import dev.tokenbroker.servers.PayaraMicroProcess;
import dev.tokenbroker.servers.ServerProcess;
import dev.tokenbroker.testsupport.GitHubSimulator;
import dev.tokenbroker.testsupport.Mutations;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated requests against the WAR on Payara Micro, over HTTP: mutated JSON bodies to every {@code /v1} path and to
 * {@code /access_tokens}, mutated path segments and query strings, hostile header values. Whatever is sent: no 5xx
 * (except the 500s that Vault's strict compatibility prescribes when GitHub refuses, vault-api.md §4.7, which are
 * counted), no secret in the answer that the caller did not already hold, no 2xx for a caller the ACL denies, and
 * nothing minted that was not asked for by a valid request. Seeds are fixed; jqwik prints the failing request.
 */
class FuzzIT {

    private static final String SEED = "4242";
    private static final List<String> VAULT_PATHS = List.of("sys/health", "sys/policies/acl", "sys/policies/acl/fuzz",
            "sys/policy", "sys/policy/fuzz", "sys/capabilities-self", "auth/token/lookup-self", "auth/token/lookup",
            "auth/token/lookup-accessor", "auth/token/renew-self", "auth/token/renew", "auth/token/renew-accessor",
            "auth/token/revoke", "auth/token/revoke-accessor", "auth/token/create", "auth/token/create-orphan",
            "auth/github/map/teams", "auth/github/map/teams/fuzz", "auth/github/map/users/fuzz", "auth/github/login",
            "github/config", "github/token", "github/token/fuzz-set", "github/permissionset/fuzz-set", "github/permissionsets",
            "github/installations", "sys/leases/lookup", "sys/leases/lookup/github/token", "sys/leases/renew",
            "sys/leases/revoke");
    /** What Vault's default policy lets any token do: a 2xx there is no privilege gained. */
    private static final List<String> DEFAULT_POLICY_PATHS = List.of("auth/token/lookup-self", "auth/token/renew-self",
            "sys/capabilities-self", "sys/leases/renew", "sys/leases/lookup", "sys/health");
    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "LIST", "GET", "POST");
    private static final List<String> VAULT_BODIES = List.of(
            "{\"policies\":[\"default\",\"reader\"],\"ttl\":\"1h\",\"display_name\":\"ci\",\"meta\":{\"a\":\"b\"}}",
            "{\"policy\":\"path \\\"github/token\\\" { capabilities = [\\\"read\\\"] }\"}",
            "{\"installation_id\":100,\"repositories\":[\"playground\"],\"permissions\":{\"contents\":\"read\"}}",
            "{\"value\":\"reader,writer\"}", "{\"lease_id\":\"github/token/abc\",\"increment\":3600}",
            "{\"token\":\"hvs.abc\",\"accessor\":\"xyz\",\"num_uses\":3,\"renewable\":true,\"period\":\"24h\"}",
            "{\"paths\":[\"github/token\",\"sys/policies/acl/x\"]}", "{\"token\":\"ghp_fuzz\"}", "{}");
    private static final List<String> EXCHANGE_BODIES = List.of("{\"permissions\":{\"contents\":\"read\"}}",
            "{\"permissions\":{\"contents\":\"write\"},\"repositories\":[\"playground\"]}",
            "{\"permissions\":{\"issues\":\"read\"},\"repositories\":[\"playground\"],\"owner\":\"octocat\"}");
    private static final List<String> STRICT_500S = List.of("configuration has not been set", "GitHub rejected the token",
            "user is not part of required org", "GitHub token is missing", "failed to renew entry",
            "unable to create access token", "app not installed in GitHub organization", "unable to get installations");

    private static BlackBoxWorld world;
    private static ServerProcess broker;
    private static String unprivileged;
    private static final AtomicInteger STRICT_500_COUNT = new AtomicInteger();
    private static final AtomicInteger SENT = new AtomicInteger();

    /** One generated request; {@code credential} is ROOT, DEFAULT (a token with only the default policy) or NONE. */
    record Request(String credential, String method, String target, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            String shownBody = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
            return credential + " " + method + " " + target + " " + headers + " " + shownBody;
        }
    }

    @BeforeContainer
    static void start() {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "system", "fuzz");
        world = BlackBoxWorld.fresh(work.resolve("world"));
        Map<String, String> env = new LinkedHashMap<>(world.brokerEnvironment());
        env.put("BROKER_DATA_DIR", work.resolve("data").toAbsolutePath().toString());
        broker = new PayaraMicroProcess("Payara Micro under fuzzing", work.resolve("broker")).start(env);
        Http http = new Http(broker.baseUrl());
        assertThat(http.vault("PUT", "auth/github/config", "{\"organization\":\"" + BlackBoxWorld.ORGANIZATION
                + "\",\"organization_id\":" + BlackBoxWorld.ORGANIZATION_ID + ",\"base_url\":\"" + world.github().baseUrl()
                + "/\"}", world.rootToken()).status()).isEqualTo(204);
        // one exchange first, so that the reader token for policy files is minted before the properties count mints
        assertThat(http.exchange(world.oidc().tokenT(), EXCHANGE_BODIES.get(0)).status()).isEqualTo(200);
        unprivileged = http.vault("POST", "auth/token/create", "{\"policies\":[\"default\"],\"ttl\":\"2h\"}", world.rootToken())
                .json().getJsonObject("auth").getString("client_token");
    }

    @AfterContainer
    static void stop() {
        DrillReport.record("fuzz drill: " + SENT.get() + " generated requests, " + STRICT_500_COUNT.get()
                + " answered with a Vault strict-mode 500 (GitHub refused), none with another 5xx");
        if (broker != null) {
            broker.close();
        }
        if (world != null) {
            world.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ generators

    private static String pick(List<String> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    /** Visible ASCII stays as it is (broken escapes included); everything else is percent-encoded as UTF-8. */
    private static String asTarget(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '#') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** Header values cannot hold line breaks on the wire; other control characters become '?'. */
    private static String asHeaderValue(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    @Provide
    Arbitrary<Request> vaultRequests() {
        return Arbitraries.randomValue(random -> {
            String path = pick(VAULT_PATHS, random);
            String method = pick(METHODS, random);
            String credential = switch (random.nextInt(3)) {
                case 0 -> "ROOT";
                case 1 -> "DEFAULT";
                default -> "NONE";
            };
            if (credential.equals("ROOT") && path.equals("auth/token/revoke")) {
                path = "auth/token/lookup"; // the fuzz must not revoke the root token it runs with
            }
            String body = method.equals("GET") || method.equals("LIST") || method.equals("DELETE") ? null
                    : random.nextInt(4) == 0 ? pick(VAULT_BODIES, random) : Mutations.mutate(pick(VAULT_BODIES, random), random);
            return new Request(credential, method, "v1/" + path, Map.of("Content-Type", "application/json"), body);
        });
    }

    @Provide
    Arbitrary<Request> exchangeRequests() {
        return Arbitraries.randomValue(random -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", random.nextInt(8) == 0 ? asHeaderValue(Mutations.mutate("application/json", random))
                    : "application/json");
            if (random.nextInt(4) == 0) {
                headers.put("X-Request-Id", asHeaderValue(Mutations.mutate("req-1234", random)));
            }
            String body = random.nextInt(5) == 0 ? pick(EXCHANGE_BODIES, random) : Mutations.mutate(pick(EXCHANGE_BODIES, random), random);
            return new Request(random.nextInt(6) == 0 ? "NONE" : "WORKFLOW", "POST", "access_tokens", headers, body);
        });
    }

    @Provide
    Arbitrary<Request> pathsQueriesAndHeaders() {
        return Arbitraries.randomValue(random -> {
            String path = random.nextBoolean() ? "v1/" + pick(VAULT_PATHS, random) : "access_tokens";
            String target = asTarget(Mutations.mutate(path, random));
            if (random.nextBoolean()) {
                target += "?" + asTarget(Mutations.mutate(pick(List.of("list=true", "activecode=200&standbyok=true",
                        "list=false&x=1"), random), random));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String[] names = {"X-Vault-Token", "Authorization", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
                "X-Vault-Namespace", "X-Vault-Request", "X-Vault-Index", "Content-Type"};
            String[] samples = {"hvs.AAAAAAAAAAAAAAAAAAAAAAAA", "Bearer x.y.z", "10.1.2.3, 127.0.0.1", "https",
                "broker.example.org", "root", "true", "abc", "application/json"};
            for (int i = 0; i < names.length; i++) {
                if (random.nextInt(3) == 0) {
                    headers.put(names[i], asHeaderValue(Mutations.mutate(samples[i], random)));
                }
            }
            return new Request("NONE", pick(METHODS, random), target, headers,
                    random.nextBoolean() ? null : Mutations.mutate(pick(VAULT_BODIES, random), random));
        });
    }

    // ------------------------------------------------------------------------------------------------ properties

    @Property(tries = 1200, seed = SEED)
    void vaultRequestsNeverFailAndGrantNothingTheAclDenies(@ForAll("vaultRequests") Request request) {
        RawHttpClient.Answer answer = send(request);
        assertNoServerError(request, answer);
        String path = request.target().substring("v1/".length());
        if (!request.credential().equals("ROOT") && answer.status() >= 200 && answer.status() < 300) {
            assertThat(DEFAULT_POLICY_PATHS.contains(path) || path.equals("auth/github/login"))
                    .as("a 2xx for a caller without the policy for it: " + request + " -> " + answer).isTrue();
        }
        if (!request.credential().equals("ROOT")) {
            assertThat(answer.body()).as("no root token for " + request).doesNotContain(world.rootToken());
        }
        assertThat(answer.body()).doesNotContain(BlackBoxWorld.PERSONAL_TOKEN).doesNotContain("PRIVATE KEY");
    }

    @Property(tries = 1000, seed = SEED)
    void exchangeRequestsNeverFailAndMintOnlyWhenGranted(@ForAll("exchangeRequests") Request request) {
        int mints = world.github().count(GitHubSimulator.MINT);
        RawHttpClient.Answer answer = send(request);
        assertNoServerError(request, answer);
        assertThat(answer.status()).as(request + " -> " + answer).isIn(200, 400, 401, 403, 404, 405, 413, 415, 422, 429);
        int minted = world.github().count(GitHubSimulator.MINT) - mints;
        assertThat(minted).as("GitHub mints for " + request + " -> " + answer).isEqualTo(answer.status() == 200 ? 1 : 0);
    }

    @Property(tries = 1000, seed = SEED)
    void pathsQueriesAndHeadersNeverFail(@ForAll("pathsQueriesAndHeaders") Request request) {
        RawHttpClient.Answer answer = send(request);
        assertNoServerError(request, answer);
        assertThat(answer.body()).doesNotContain(world.rootToken()).doesNotContain(BlackBoxWorld.PERSONAL_TOKEN);
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private static RawHttpClient.Answer send(Request request) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        switch (request.credential()) {
            case "ROOT" -> headers.put("X-Vault-Token", world.rootToken());
            case "DEFAULT" -> headers.put("X-Vault-Token", unprivileged);
            case "WORKFLOW" -> headers.put("Authorization", "Bearer " + world.oidc().tokenT());
            default -> { }
        }
        SENT.incrementAndGet();
        URI base = broker.baseUrl();
        return RawHttpClient.send(base, request.method(), request.target(), headers, request.body());
    }

    private static void assertNoServerError(Request request, RawHttpClient.Answer answer) {
        assertThat(answer.status()).as("an answer to " + request).isPositive();
        if (answer.status() == 500 && STRICT_500S.stream().anyMatch(answer.body()::contains)) {
            STRICT_500_COUNT.incrementAndGet(); // Vault's own status for GitHub's refusal (§4.7 strict), not a failure
            return;
        }
        assertThat(answer.status()).as(request + " -> " + answer).isLessThan(500);
    }
}
