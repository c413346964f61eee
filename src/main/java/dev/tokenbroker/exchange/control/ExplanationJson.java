package dev.tokenbroker.exchange.control;

import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.policy.control.PolicyExplainer;
import dev.tokenbroker.policy.entity.Decision;
import dev.tokenbroker.policy.entity.Level;

/**
 * An explanation as JSON, the body of {@code POST /access_tokens/explain}: {@code requestId}, {@code decision} ({@code granted} or
 * {@code denied}), the {@code message} the exchange's 403 would carry, {@code permissions} and {@code repositories} it
 * would grant, {@code effectiveSubjects}; with {@code details}, also {@code ownerPolicy} ({@code state},
 * {@code admitted}, {@code problems}, {@code statements}) and {@code repositoryPolicies} by name, each statement as
 * {@code index}, {@code applies}, {@code pattern}, {@code subject}, {@code permissions}.
 */
public final class ExplanationJson {

    private ExplanationJson() {
    }

    public static String of(PolicyExplainer.Explanation explanation, String owner, boolean details, String requestId) {
        return object(explanation, owner, details, requestId).build().toString();
    }

    /** The same, as a builder (the Vault API puts it in its envelope's {@code data}). */
    public static JsonObjectBuilder object(PolicyExplainer.Explanation explanation, String owner, boolean details,
                                           String requestId) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder().add("requestId", requestId).add("owner", owner);
        if (explanation.decision() instanceof Decision.Granted granted) {
            o.add("decision", "granted").add("permissions", levels(granted.permissions()));
            JsonArrayBuilder repositories = CachedJson.createArrayBuilder();
            granted.repositories().forEach(repositories::add);
            o.add("repositories", granted.allRepositories() ? CachedJson.createArrayBuilder().add("ALL") : repositories);
        } else {
            o.add("decision", "denied").add("message", ((Decision.Denied) explanation.decision()).message());
        }
        JsonArrayBuilder subjects = CachedJson.createArrayBuilder();
        explanation.subjects().forEach(subjects::add);
        o.add("effectiveSubjects", subjects);
        if (details) {
            explanation.ownerPolicy().ifPresent(file -> {
                JsonObjectBuilder ownerPolicy = file(file);
                explanation.admitted().ifPresent(admitted -> ownerPolicy.add("admitted", admitted));
                o.add("ownerPolicy", ownerPolicy);
            });
            JsonObjectBuilder repositories = CachedJson.createObjectBuilder();
            explanation.repositoryPolicies().forEach((name, file) -> repositories.add(name, file(file)));
            o.add("repositoryPolicies", repositories);
        }
        return o;
    }

    private static JsonObjectBuilder file(PolicyExplainer.FileVerdict file) {
        JsonArrayBuilder problems = CachedJson.createArrayBuilder();
        file.problems().forEach(problems::add);
        JsonArrayBuilder statements = CachedJson.createArrayBuilder();
        for (PolicyExplainer.StatementVerdict s : file.statements()) {
            JsonObjectBuilder statement = CachedJson.createObjectBuilder().add("index", s.index()).add("applies", s.applies());
            s.pattern().ifPresent(p -> statement.add("pattern", p));
            s.subject().ifPresent(subject -> statement.add("subject", subject));
            statements.add(statement.add("permissions", levels(s.permissions())));
        }
        return CachedJson.createObjectBuilder().add("state", file.state()).add("problems", problems).add("statements", statements);
    }

    private static JsonObjectBuilder levels(Map<String, Level> permissions) {
        JsonObjectBuilder o = CachedJson.createObjectBuilder();
        permissions.forEach((scope, level) -> o.add(scope, level.name().toLowerCase(Locale.ROOT)));
        return o;
    }
}
