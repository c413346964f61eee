package dev.tokenbroker.blackbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written hostile and careless requests, each named for what it tries. Every one must be answered with a 4xx:
 * never a 5xx, never a secret, never a change of state. Requests are built here as data; {@link BlackBoxSuite} sends
 * them to whichever server the suite runs against, with the credential the case names.
 */
final class HostileCorpus {

    /** Which credential a case carries: none, the root token (to reach the handler), or a valid workflow token. */
    enum Credential { NONE, ROOT, WORKFLOW, GARBAGE_TOKEN }

    /** One request. {@code body} null means none; headers are sent as given (the HTTP client refuses a few names). */
    record Case(String name, String method, String path, Map<String, String> headers, String body, Credential credential) {

        /**
         * A request target with a broken percent-escape, or an escaped slash, dot or backslash, may never reach the
         * application: the server answers it itself (Payara Micro's Grizzly with an empty 200, Open Liberty with its own
         * HTML error page naming the exception). So may a path ending in {@code /.} or {@code /..}: Payara Micro
         * 6.2025.10's Grizzly normaliser can fail on it with an ArrayIndexOutOfBoundsException (logged as
         * AS-WEB-CORE-00037; seen for {@code /v1/..} as "Index 6 out of bounds for length 6") and answer an empty 200,
         * depending on how the request's bytes arrived. Such a case must not be answered with a 5xx, show
         * no secret and change nothing, but its status and page are the server's, not the broker's.
         */
        boolean answeredByTheServer() {
            String target = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            return target.endsWith("/.") || target.endsWith("/..")
                    || java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})|(?i)%2f|%2e|%5c").matcher(target).find();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<Case> cases = new ArrayList<>();
    private final java.util.Set<String> names = new java.util.HashSet<>();

    private HostileCorpus() {
    }

    static List<Case> all() {
        HostileCorpus corpus = new HostileCorpus();
        corpus.exchangeBodies();
        corpus.exchangeHeaders();
        corpus.vaultBodies();
        corpus.vaultFieldBounds();
        corpus.vaultPathsAndQueries();
        corpus.vaultHeaders();
        corpus.logins();
        corpus.policies();
        return List.copyOf(corpus.cases);
    }

    private void add(String name, String method, String path, String body, Credential credential, String... headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        if (body != null && !map.containsKey("Content-Type")) {
            map.put("Content-Type", "application/json");
        }
        String unique = name;
        for (int n = 2; names.contains(unique); n++) {
            unique = name + " (" + n + ")"; // names shortened for display may meet
        }
        names.add(unique);
        cases.add(new Case(unique, method, path, map, body, credential));
    }

    private void exchange(String name, String body) {
        add("exchange: " + name, "POST", "access_tokens", body, Credential.WORKFLOW);
    }

    private void vault(String name, String method, String path, String body) {
        add("vault " + path + ": " + name, method, "v1/" + path, body, Credential.ROOT);
    }

    private static String nested(int depth, String inner) {
        return "[".repeat(depth) + inner + "]".repeat(depth);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    // ------------------------------------------------------------------------------------------------ exchange

    private void exchangeBodies() {
        for (int depth : new int[] {65, 100, 1_000, 1_001, 5_000, 50_000}) {
            exchange("an extra field nested " + depth + " deep", "{\"permissions\":{\"contents\":\"read\"},\"x\":"
                    + nested(depth, "1") + "}");
            exchange("permissions nested " + depth + " deep", "{\"permissions\":" + nested(depth, "{}") + "}");
        }
        exchange("objects nested 10,000 deep", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        for (String bad : List.of("", " ", "{", "}", "[]", "null", "true", "42", "\"text\"", "{\"permissions\":}",
                "{\"permissions\":{\"contents\":\"read\"},}", "{'permissions':{}}", "{\"permissions\":{\"contents\":read}}",
                "{\"permissions\":{\"contents\":\"read\"}", "\u0000", "{\"permissions\":{\"contents\":\"read\"}}\u0000garbage",
                "\uFEFF{\"permissions\":{}}", "{\"permissions\":{\"contents\":\"read\"}/*comment*/}", "NaN", "[1,2,3]")) {
            exchange("malformed body " + quoted(bad.length() > 30 ? bad.substring(0, 30) + "…" : bad)
                    .replace("\u0000", "\\0"), bad);
        }
        for (String permissions : List.of("\"contents\"", "42", "[\"contents\"]", "null", "true", "{\"contents\":42}",
                "{\"contents\":null}", "{\"contents\":[\"read\"]}", "{\"contents\":{\"level\":\"read\"}}", "{\"contents\":\"writ\"}",
                "{\"contents\":\"READ\"}", "{\"contents\":\"admin\"}", "{\"nonexistent\":\"read\"}", "{\"\":\"read\"}",
                "{\"contents\":\"\"}", "{\"contents\":\"read\\u0000\"}", "{\"con\\u0000tents\":\"read\"}", "{}",
                "{\"contents\":\"" + "r".repeat(10_000) + "\"}", "{\"" + "p".repeat(10_000) + "\":\"read\"}")) {
            exchange("permissions " + (permissions.length() > 40 ? permissions.substring(0, 40) + "…" : permissions),
                    "{\"permissions\":" + permissions + "}");
        }
        StringBuilder manyPermissions = new StringBuilder("{");
        for (int i = 0; i < 5_000; i++) {
            manyPermissions.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"read\"");
        }
        exchange("5,000 permissions", "{\"permissions\":" + manyPermissions + "}}");
        for (String repositories : List.of("\"playground\"", "42", "{}", "null", "[42]", "[null]", "[[\"playground\"]]",
                "[\"\"]", "[\"../playground\"]", "[\"octocat/../x\"]", "[\"a/b/c\"]", "[\"play ground\"]", "[\"playground\\u0000\"]",
                "[\"" + "r".repeat(10_000) + "\"]", "[\"%2e%2e\"]", "[\"*\"]", "[\"other-owner/playground\"]",
                "[\"playground\",\"playground\\n\"]")) {
            exchange("repositories " + (repositories.length() > 40 ? repositories.substring(0, 40) + "…" : repositories),
                    "{\"permissions\":{\"contents\":\"read\"},\"repositories\":" + repositories + "}");
        }
        StringBuilder manyRepositories = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            manyRepositories.append(i == 0 ? "" : ",").append("\"r").append(i).append('"');
        }
        exchange("10,000 repositories", "{\"permissions\":{\"contents\":\"read\"},\"repositories\":" + manyRepositories + "]}");
        for (String owner : List.of("42", "{}", "[]", "\"\"", "\"octo cat\"", "\"" + "o".repeat(1_000) + "\"", "\"-octocat\"",
                "\"octocat\\u0000\"", "\"../octocat\"", "\"other-owner\"")) {
            exchange("owner " + (owner.length() > 40 ? owner.substring(0, 40) + "…" : owner),
                    "{\"permissions\":{\"contents\":\"read\"},\"owner\":" + owner + "}");
        }
        exchange("a number with a million digits", "{\"permissions\":{\"contents\":\"read\"},\"x\":1" + "0".repeat(100_000) + "}");
        exchange("an exponent of a billion", "{\"permissions\":{\"contents\":\"read\"},\"x\":1e1000000000}");
        exchange("a string of 900 KB", "{\"permissions\":{\"contents\":\"read\"},\"x\":\"" + "x".repeat(900_000) + "\"}");
        exchange("2 MB of spaces", " ".repeat(2_000_000) + "{}");
        exchange("duplicate permissions keys", "{\"permissions\":{\"contents\":\"read\"},\"permissions\":{\"administration\":\"write\"}}");
        exchange("lone surrogate", "{\"permissions\":{\"contents\":\"\\ud800\"}}");
    }

    private void exchangeHeaders() {
        String body = "{\"permissions\":{\"contents\":\"read\"}}";
        add("exchange: no token", "POST", "access_tokens", body, Credential.NONE);
        add("exchange: a garbage token", "POST", "access_tokens", body, Credential.GARBAGE_TOKEN);
        for (String authorization : List.of("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x.y.z", "Bearer x.y.z",
                "Bearer " + "a".repeat(7_000), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer ..", "Token abc",
                "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")) {
            add("exchange: Authorization " + quoted(authorization.length() > 40 ? authorization.substring(0, 40) + "…"
                    : authorization), "POST", "access_tokens", body, Credential.NONE, "Authorization", authorization);
        }
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data",
                "application/json; charset=utf-16")) {
            add("exchange: Content-Type " + type + " and a broken body", "POST", "access_tokens", "{\"permissions\":",
                    Credential.WORKFLOW, "Content-Type", type);
        }
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            add("exchange: method " + method, method, "access_tokens", method.equals("GET") || method.equals("DELETE")
                    ? null : body, Credential.WORKFLOW);
        }
        for (String forwarded : List.of("evil.example", "1.2.3.4, not-an-address", "::::", "999.1.1.1", "x".repeat(5_000))) {
            add("exchange: X-Forwarded-For " + quoted(forwarded.length() > 30 ? forwarded.substring(0, 30) + "…" : forwarded),
                    "POST", "access_tokens", body, Credential.NONE, "X-Forwarded-For", forwarded);
        }
        for (String length : List.of("-1", "abc", "10, 20", "5", "99999999999999", "0x10", "1e3", "")) {
            // bodies that are refused however much of them a server reads
            add("exchange: Content-Length " + quoted(length), "POST", "access_tokens",
                    "{\"permissions\":{\"contents\":\"writ\"}}", Credential.WORKFLOW, "Content-Length", length);
            add("vault: Content-Length " + quoted(length), "PUT", "v1/sys/policies/acl/hostile-policy",
                    "{\"policy\":\"path \\\"x\\\" {\"}", Credential.ROOT, "Content-Length", length);
        }
        add("exchange: X-Request-Id of 10,000 characters", "POST", "access_tokens", "{", Credential.WORKFLOW,
                "X-Request-Id", "r".repeat(10_000));
        for (String path : List.of("access_tokens/", "access_tokens/x", "access_tokens;x", "access_tokens%00", "ACCESS_TOKENS",
                "access_tokens/..;/x", "%2e%2e/access_tokens", "access_tokens?" + "q=".repeat(1_000))) {
            add("route " + quoted(path.length() > 40 ? path.substring(0, 40) + "…" : path), "POST", path, body,
                    Credential.NONE);
        }
    }

    // ------------------------------------------------------------------------------------------------ vault

    private void vaultBodies() {
        List<String> paths = List.of("auth/token/create", "sys/policies/acl/hostile", "auth/github/config",
                "auth/github/map/teams/hostile", "github/permissionset/hostile", "github/token", "sys/leases/revoke",
                "auth/token/lookup", "auth/token/revoke", "sys/capabilities-self");
        for (String path : paths) {
            vault("body nested 1,001 deep", "POST", path, "{\"a\":" + nested(1_001, "1") + "}");
            vault("body nested 65 deep", "POST", path, "{\"a\":" + nested(65, "1") + "}");
            vault("malformed JSON", "POST", path, "{\"a\":");
            vault("a JSON array body", "POST", path, "[1,2]");
            vault("a bare string body", "POST", path, "\"x\"");
            vault("trailing comma", "POST", path, "{\"a\":1,}");
            vault("body over the size limit", "POST", path, "{\"a\":\"" + "x".repeat(1_100_000) + "\"}");
        }
        add("vault login: body nested 1,001 deep", "POST", "v1/auth/github/login", "{\"token\":" + nested(1_001, "1") + "}",
                Credential.NONE);
        add("vault login: malformed JSON", "POST", "v1/auth/github/login", "{\"token\":", Credential.NONE);
    }

    private void vaultFieldBounds() {
        String create = "auth/token/create";
        vault("31 policies", "POST", create, "{\"policies\":[" + list(31, "p") + "]}");
        vault("a policy name of 129", "POST", create, "{\"policies\":[\"" + "p".repeat(129) + "\"]}");
        vault("a display name of 10,000", "POST", create, "{\"display_name\":\"" + "d".repeat(10_000) + "\"}");
        vault("300 meta entries", "POST", create, "{\"meta\":{" + pairs(300) + "}}");
        vault("a meta value of 100,000", "POST", create, "{\"meta\":{\"k\":\"" + "v".repeat(100_000) + "\"}}");
        vault("33 bound CIDRs", "POST", create, "{\"bound_cidrs\":[" + list(33, "10.0.0.") + "]}");
        vault("a CIDR with a NUL", "POST", create, "{\"bound_cidrs\":[\"10.0.0.0/8\\u0000\"]}");
        vault("a display name with a NUL", "POST", create, "{\"display_name\":\"a\\u0000b\"}");
        vault("a meta value with a NUL", "POST", create, "{\"meta\":{\"k\":\"v\\u0000\"}}");
        vault("a meta key with a NUL", "POST", create, "{\"meta\":{\"k\\u0000\":\"v\"}}");
        vault("a policy name with a NUL", "POST", create, "{\"policies\":[\"p\\u0000\"]}");
        vault("a NUL in an unknown field", "POST", create, "{\"whatever\":\"\\u0000\"}");
        vault("a display name with a NUL", "POST", create, "{\"display_name\":\"a\\u0000b\"}");
        vault("a meta value with a NUL", "POST", create, "{\"meta\":{\"k\":\"v\\u0000\"}}");
        vault("a meta key with a NUL", "POST", create, "{\"meta\":{\"k\\u0000\":\"v\"}}");
        vault("a policy name with a NUL", "POST", create, "{\"policies\":[\"p\\u0000\"]}");
        vault("a NUL in an unknown field", "POST", create, "{\"whatever\":\"\\u0000\"}");
        vault("ttl beyond Go's range", "POST", create, "{\"ttl\":\"9223372036854775807s\"}");
        vault("ttl as a huge integer", "POST", create, "{\"ttl\":99999999999999999999999}");
        vault("ttl negative", "POST", create, "{\"ttl\":\"-1h\"}");
        vault("ttl as an object", "POST", create, "{\"ttl\":{}}");
        vault("num_uses negative", "POST", create, "{\"num_uses\":-1}");
        vault("num_uses fractional", "POST", create, "{\"num_uses\":1.5}");
        vault("num_uses 1e1000000000", "POST", create, "{\"num_uses\":1e1000000000}");
        vault("type unknown", "POST", create, "{\"type\":\"superuser\"}");
        vault("an explicit token id", "POST", create, "{\"id\":\"hvs.chosen\"}");
        vault("explicit_max_ttl as an array", "POST", create, "{\"explicit_max_ttl\":[1]}");
        vault("period without sudo semantics as text", "POST", create, "{\"period\":\"forever\"}");
        vault("renewable as text", "POST", create, "{\"renewable\":\"perhaps\"}");
        String config = "auth/github/config";
        vault("base_url not a URL", "PUT", config, "{\"organization\":\"octocat\",\"organization_id\":1,\"base_url\":\"::\"}");
        vault("base_url of 5,000", "PUT", config, "{\"organization\":\"octocat\",\"organization_id\":1,\"base_url\":\"https://"
                + "h".repeat(5_000) + "\"}");
        vault("base_url with a file scheme", "PUT", config, "{\"organization\":\"octocat\",\"organization_id\":1,"
                + "\"base_url\":\"file:///etc/passwd\"}");
        vault("organization of 1,000", "PUT", config, "{\"organization\":\"" + "o".repeat(1_000) + "\",\"organization_id\":1}");
        vault("organization_id negative text", "PUT", config, "{\"organization\":\"octocat\",\"organization_id\":\"-x\"}");
        vault("organization_id huge", "PUT", config, "{\"organization\":\"octocat\",\"organization_id\":1e30}");
        vault("100 token policies", "PUT", config, "{\"token_policies\":[" + list(100, "p") + "]}");
        vault("100 token bound CIDRs", "PUT", config, "{\"token_bound_cidrs\":[" + list(100, "10.0.0.") + "]}");
        vault("a token bound CIDR that is a host name", "PUT", config, "{\"token_bound_cidrs\":[\"localhost\"]}");
        vault("a token bound CIDR with a bad prefix", "PUT", config, "{\"token_bound_cidrs\":[\"10.0.0.0/33\"]}");
        vault("token bound CIDR with a NUL", "PUT", config, "{\"token_bound_cidrs\":\"10.0.0.0/8\\u0000\"}");
        vault("token_ttl beyond Go's range", "PUT", config, "{\"token_ttl\":\"9223372036854775807s\"}");
        vault("token_max_ttl as an object", "PUT", config, "{\"token_max_ttl\":{\"h\":1}}");
        vault("token_type unknown", "PUT", config, "{\"token_type\":\"weird\"}");
        vault("token_num_uses negative", "PUT", config, "{\"token_num_uses\":-5}");
        String map = "auth/github/map/teams/hostile";
        vault("31 mapped policies", "PUT", map, "{\"value\":\"" + String.join(",", java.util.Collections.nCopies(31, "p")) + "\"}");
        vault("a mapped policy of 200", "PUT", map, "{\"value\":\"" + "p".repeat(200) + "\"}");
        vault("a map entry of 60,000 characters", "PUT", map, "{\"value\":\"p\",\"extra\":\"" + "x".repeat(60_000) + "\"}");
        vault("value as an object", "PUT", map, "{\"value\":{}}");
        vault("a NUL in an extra field of the entry", "PUT", map, "{\"value\":\"p\",\"note\":\"\\u0000\"}");
        vault("organization with a NUL", "PUT", config, "{\"organization\":\"octo\\u0000cat\",\"organization_id\":1}");
        vault("a NUL in an extra field of the entry", "PUT", map, "{\"value\":\"p\",\"note\":\"\\u0000\"}");
        vault("organization with a NUL", "PUT", config, "{\"organization\":\"octo\\u0000cat\",\"organization_id\":1}");
        String set = "github/permissionset/hostile";
        vault("permissions not a map", "PUT", set, "{\"installation_id\":100,\"permissions\":42}");
        vault("a permission that does not exist", "PUT", set, "{\"installation_id\":100,\"permissions\":{\"root\":\"write\"}}");
        vault("a misspelt level", "PUT", set, "{\"installation_id\":100,\"permissions\":{\"contents\":\"writ\"}}");
        vault("200 permissions", "PUT", set, "{\"installation_id\":100,\"permissions\":{" + pairs(200) + "}}");
        vault("600 repositories", "PUT", set, "{\"installation_id\":100,\"repositories\":[" + list(600, "r") + "]}");
        vault("a repository name of 1,000", "PUT", set, "{\"installation_id\":100,\"repositories\":[\"" + "r".repeat(1_000) + "\"]}");
        vault("installation_id as text", "PUT", set, "{\"installation_id\":\"many\"}");
        vault("installation_id negative", "PUT", set, "{\"installation_id\":-1}");
        vault("installation_id huge", "PUT", set, "{\"installation_id\":1e40}");
        vault("org_name of 1,000", "PUT", set, "{\"org_name\":\"" + "o".repeat(1_000) + "\"}");
        vault("neither installation nor organisation", "PUT", set, "{\"permissions\":{\"contents\":\"read\"}}");
        String token = "github/token";
        vault("mint: a permission that does not exist", "POST", token, "{\"installation_id\":100,\"permissions\":{\"root\":\"write\"}}");
        vault("mint: a misspelt level", "POST", token, "{\"installation_id\":100,\"permissions\":{\"contents\":\"writ\"}}");
        vault("mint: 600 repositories", "POST", token, "{\"installation_id\":100,\"repositories\":[" + list(600, "r") + "]}");
        vault("mint: 600 repository ids", "POST", token, "{\"installation_id\":100,\"repository_ids\":[" + numbers(600) + "]}");
        vault("mint: repository_ids as words", "POST", token, "{\"installation_id\":100,\"repository_ids\":[\"one\"]}");
        vault("mint: installation_id as an object", "POST", token, "{\"installation_id\":{}}");
        vault("lease id of 1,000", "PUT", "sys/leases/revoke", "{\"lease_id\":\"" + "l".repeat(1_000) + "\"}");
        vault("lease id missing", "PUT", "sys/leases/revoke", "{}");
        vault("lookup of a 5,000-character token", "POST", "auth/token/lookup", "{\"token\":\"" + "t".repeat(5_000) + "\"}");
        vault("lookup of a forged batch token", "POST", "auth/token/lookup", "{\"token\":\"hvb.AAAA\"}");
        vault("revoke by an accessor of 1,000", "POST", "auth/token/revoke-accessor", "{\"accessor\":\"" + "a".repeat(1_000) + "\"}");
        vault("renew with a huge increment", "POST", "auth/token/renew-self", "{\"increment\":\"9223372036854775807s\"}");
        vault("capabilities of 100 paths", "POST", "sys/capabilities-self", "{\"paths\":[" + list(100, "secret/") + "]}");
        for (String code : List.of("-1", "0", "99", "100", "600", "1000", "99999999999", "abc", "1.5")) {
            add("sys/health activecode=" + code, "GET", "v1/sys/health?activecode=" + code, null, Credential.NONE);
            add("sys/health sealedcode=" + code, "GET", "v1/sys/health?sealedcode=" + code, null, Credential.NONE);
        }
    }

    private void vaultPathsAndQueries() {
        for (String path : List.of("sys/policies/acl/" + "p".repeat(200), "sys/policies/acl/..", "sys/policies/acl/.",
                "sys/policies/acl//x", "sys/policies/acl/%2e%2e", "sys/policies/acl/a%2fb", "sys/policies/acl/%00",
                "sys/policies/acl/UPPER%20CASE", "sys/policies/acl/%ZZ", "auth/github/map/teams/" + "t".repeat(300),
                "auth/github/map/teams/bad%20name", "github/permissionset/" + "s".repeat(300), "github/permissionset/-x-",
                "github/token/" + "s".repeat(300), "no/such/mount", "sys/raw/core", "sys/seal", "sys/unseal",
                "sys/mounts/evil", "auth/token/roles/x", "cubbyhole/x", "secret/data/x", "identity/entity",
                "sys/leases/lookup/" + "x".repeat(300), "%", "..", "v2/x")) {
            String shown = path.length() > 40 ? path.substring(0, 40) + "…" : path;
            add("vault path " + quoted(shown) + " read", "GET", "v1/" + path, null, Credential.ROOT);
            add("vault path " + quoted(shown) + " write", "PUT", "v1/" + path, "{\"policy\":\"path \\\"x\\\" {}\"}",
                    Credential.ROOT);
        }
        for (String query : List.of("list=maybe", "list=2", "list=" + "t".repeat(5_000), "list=yes&list=true",
                "list=%ZZ", "%=%")) {
            add("vault query " + quoted(query.length() > 30 ? query.substring(0, 30) + "…" : query), "GET",
                    "v1/sys/policies/acl?" + query, null, Credential.ROOT);
        }
        for (String method : List.of("PATCH", "TRACE", "CONNECT", "PROPFIND", "FOO")) {
            add("vault method " + method, method, "v1/sys/policies/acl/x", method.equals("PATCH") ? "{}" : null, Credential.ROOT);
        }
        add("vault PATCH with merge-patch", "PATCH", "v1/sys/policies/acl/x", "{}", Credential.ROOT,
                "Content-Type", "application/merge-patch+json");
    }

    private void vaultHeaders() {
        for (String token : List.of("x", "hvs.", "hvs." + "A".repeat(43), "hvb.", "hvb." + "A".repeat(3_000), "s.root", "root",
                "hvs.root", "' OR 1=1 --", "%00", "hvs." + "x".repeat(6_000), "Bearer hvs.x")) {
            String shown = token.length() > 30 ? token.substring(0, 30) + "…" : token;
            add("X-Vault-Token " + quoted(shown), "GET", "v1/auth/token/lookup-self", null, Credential.NONE,
                    "X-Vault-Token", token);
            add("Authorization Bearer " + quoted(shown), "GET", "v1/auth/token/lookup-self", null, Credential.NONE,
                    "Authorization", "Bearer " + token);
        }
        add("X-Vault-Namespace other", "GET", "v1/auth/token/lookup-self", null, Credential.ROOT, "X-Vault-Namespace", "team-a");
        add("X-Vault-Wrap-TTL", "GET", "v1/auth/token/lookup-self", null, Credential.ROOT, "X-Vault-Wrap-TTL", "5m");
        for (String forwarded : List.of("evil.example", "1.2.3.4, x", "999.999.999.999", ":::::", "x".repeat(3_000))) {
            add("vault X-Forwarded-For " + quoted(forwarded.length() > 30 ? forwarded.substring(0, 30) + "…" : forwarded),
                    "GET", "v1/auth/token/lookup-self", null, Credential.NONE, "X-Forwarded-For", forwarded);
        }
        add("form body with bad escapes", "POST", "v1/auth/token/create", "policies=%ZZ", Credential.ROOT,
                "Content-Type", "application/x-www-form-urlencoded");
        add("form body with a 100,000-character value", "POST", "v1/auth/token/create", "display_name=" + "d".repeat(100_000),
                Credential.ROOT, "Content-Type", "application/x-www-form-urlencoded");
    }

    private void logins() {
        for (String token : List.of("g".repeat(100_000), "g".repeat(256), "ghp_ with space", "ghp_\u0001control", "ghp_é",
                "ghp_\u0000x", "\u202Eghp_x", "ghp_x\nX-Injected: 1")) {
            String shown = token.length() > 20 ? token.substring(0, 20) + "…(" + token.length() + ")" : token;
            add("login with token " + quoted(shown.replaceAll("\\p{Cntrl}", "?")), "POST", "v1/auth/github/login",
                    "{\"token\":" + jsonString(token) + "}", Credential.NONE);
        }
        for (String body : List.of("{\"token\":{}}", "{\"token\":[\"ghp_x\"]}", "{\"token\":{\"a\":[1]}}")) {
            add("login with body " + body, "POST", "v1/auth/github/login", body, Credential.NONE);
        }
        add("login with GET", "GET", "v1/auth/github/login", null, Credential.NONE);
    }

    private void policies() {
        String path = "sys/policies/acl/hostile-policy";
        List<String> bad = new ArrayList<>(List.of("path", "path \"x\"", "path \"x\" {", "path \"x\" { capabilities = }",
                "path \"x\" { capabilities = [\"fly\"] }", "path \"x\" { capabilities = \"read\" }",
                "path x { capabilities = [\"read\"] }", "path \"x\" { capabilities = [\"read\"] } }",
                "path \"x\" { allowed_parameters = { \"a\" = 1 } }", "path \"x\" { min_wrapping_ttl = \"forever\" }",
                "path \"x\" { capabilities = [\"read\"] policy = \"root\" }", "{\"path\":", "{\"path\":[]}",
                "{\"path\":{\"x\":{\"capabilities\":\"read\"}}}", "{\"path\":{\"x\":{\"capabilities\":[1]}}}",
                "path \"x\" { capabilities = " + nested(1_001, "\"read\"") + " }", nested(5_000, ""),
                "path \"" + "x".repeat(100_000) + "\" { capabilities = [\"read\"] }", "\u0000", "path \"x\u0000\" {}",
                "path \"+/+/+\" { capabilities = [\"sudo\", \"fly\"] }", "/* unterminated", "path \"x\" { # }",
"path \"x\" { required_parameters = 5 }",
                "path \"x\" { denied_parameters = { \"a\" = [" + nested(200, "1") + "] } }"));
        bad.add("path \"" + "a/".repeat(513) + "\" { capabilities = [\"read\"] }");
        for (String text : bad) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            vault("policy " + quoted(shown.replaceAll("\\p{Cntrl}", "?")), "PUT", path, "{\"policy\":" + jsonString(text) + "}");
        }
        vault("policy as a number", "PUT", path, "{\"policy\":42}");
        vault("policy as an object", "PUT", path, "{\"policy\":{\"path\":{}}}");
        vault("policy missing", "PUT", path, "{}");
        vault("writing the root policy", "PUT", "sys/policies/acl/root", "{\"policy\":\"path \\\"*\\\" { capabilities = [\\\"read\\\"] }\"}");
        vault("deleting the root policy", "DELETE", "sys/policies/acl/root", null);
        vault("deleting the default policy", "DELETE", "sys/policies/acl/default", null);
    }

    private static String list(int n, String prefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(prefix).append(i).append('"');
        }
        return b.toString();
    }

    private static String numbers(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(i + 1);
        }
        return b.toString();
    }

    private static String pairs(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"read\"");
        }
        return b.toString();
    }

    private static String jsonString(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }
}
