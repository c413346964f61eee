package dev.tokenbroker.github.control;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class of a GitHub API path, for metrics: the route with its owner, repository, file and id parts replaced by
 * placeholders, so a label never names a repository and the set of values stays small. A GitHub Enterprise Server
 * prefix ({@code /api/v3}) is dropped. A next page GitHub links by repository id ({@code /repositories/{id}/…}) counts
 * as its route by name.
 */
final class GitHubRouteClass {

    private record Rule(Pattern path, String route) {
    }

    private static final List<Rule> RULES = List.of(
            rule("/app/installations/\\d+/access_tokens", "/app/installations/{id}/access_tokens"),
            rule("/app/installations/\\d+", "/app/installations/{id}"),
            rule("/app/installations", "/app/installations"),
            rule("/app", "/app"),
            rule("/(orgs|users)/[^/]+/installation", "/$1/{name}/installation"),
            rule("/repos/[^/]+/[^/]+/installation", "/repos/{owner}/{repo}/installation"),
            rule("/repos/[^/]+/[^/]+/contents(/.*)?", "/repos/{owner}/{repo}/contents/{path}"),
            rule("/(?:repos/[^/]+/[^/]+|repositories/\\d+)/pulls/\\d+/files", "/repos/{owner}/{repo}/pulls/{number}/files"),
            rule("/repos/[^/]+/[^/]+/check-runs", "/repos/{owner}/{repo}/check-runs"),
            rule("/repos/[^/]+/[^/]+/check-runs/\\d+", "/repos/{owner}/{repo}/check-runs/{id}"),
            rule("/repos/[^/]+/[^/]+", "/repos/{owner}/{repo}"),
            rule("/installation/(token|repositories)", "/installation/$1"),
            rule("/user(/orgs|/teams)?", "/user$1"),
            rule("/orgs/[^/]+", "/orgs/{org}"));
    private static final Pattern FIRST_KNOWN = Pattern.compile("/(app|orgs|users|repos|repositories|installation|user)(/|$)");

    private GitHubRouteClass() {
    }

    private static Rule rule(String regex, String route) {
        return new Rule(Pattern.compile(regex), route);
    }

    static String of(String path) {
        Matcher start = FIRST_KNOWN.matcher(path == null ? "" : path);
        if (!start.find()) {
            return "other";
        }
        String api = path.substring(start.start());
        for (Rule rule : RULES) {
            Matcher m = rule.path().matcher(api);
            if (m.matches()) {
                return m.groupCount() > 0 ? m.replaceFirst(rule.route()) : rule.route();
            }
        }
        return "other";
    }
}
