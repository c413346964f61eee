package dev.tokenbroker.policy.control;

import static dev.tokenbroker.policy.control.PolicyEvaluatorTest.request;
import static dev.tokenbroker.policy.control.PolicyEvaluatorTest.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.policy.entity.AccessTokenRequest;
import dev.tokenbroker.policy.entity.CallerClaims;
import dev.tokenbroker.policy.entity.Decision;
import dev.tokenbroker.policy.entity.Level;

/** issue 18: the evaluator's decision with each statement's verdict, on actions-exchange.md §11.0's world B. */
class PolicyExplainerTest {

    private static PolicyExplainer.Explanation explain(PolicyWorld world, CallerClaims caller, AccessTokenRequest request) {
        return new PolicyExplainer(PermissionCatalog.standard(), true)
                .explain(caller, request, world.installation(request.owner()), () -> PolicyWorld.APP, world);
    }

    @Test
    void aGrantShowsWhichStatementsAppliedAndWhy() {
        AccessTokenRequest request = request("octocat", List.of("playground"), "contents:write", "issues:read");
        PolicyExplainer.Explanation explanation = explain(PolicyWorld.b(), t(), request);

        assertThat(explanation.decision()).isEqualTo(PolicyEvaluatorTest.decide(PolicyWorld.b(), t(), request))
                .isInstanceOf(Decision.Granted.class);
        assertThat(explanation.subjects()).contains("repo:octocat/playground:ref:refs/heads/main");
        assertThat(explanation.admitted()).contains(true);
        List<PolicyExplainer.StatementVerdict> owner = explanation.ownerPolicy().orElseThrow().statements();
        assertThat(owner).extracting(PolicyExplainer.StatementVerdict::applies).containsExactly(false, true);
        assertThat(owner.get(1).pattern()).contains("repo:octocat/playground:**");
        assertThat(owner.get(1).permissions()).containsEntry("issues", Level.READ);
        List<PolicyExplainer.StatementVerdict> repository = explanation.repositoryPolicies().get("playground").statements();
        assertThat(repository.get(0).applies()).as("ref:refs/heads/main, through its repo: variant").isTrue();
        assertThat(repository.get(0).pattern()).contains("repo:octocat/playground:ref:refs/heads/main");
        assertThat(repository.get(1).applies()).as("pull_request").isFalse();
        assertThat(repository.get(3).applies()).as("another owner's workflows").isFalse();
    }

    @Test
    void aDenialKeepsTheEvaluatorsMessageAndShowsTheMissingPolicy() {
        AccessTokenRequest request = request("octocat", List.of("missing"), "contents:read");
        PolicyExplainer.Explanation explanation = explain(PolicyWorld.a(), t(), request);
        assertThat(explanation.decision()).isInstanceOf(Decision.Denied.class);
        assertThat(((Decision.Denied) explanation.decision()).message())
                .isEqualTo(((Decision.Denied) PolicyEvaluatorTest.decide(PolicyWorld.a(), t(), request)).message());
        assertThat(explanation.repositoryPolicies().get("missing").state()).isEqualTo("absent");
    }

    @Test
    void anOwnerWithoutTheAppGetsTheDecisionAlone() {
        PolicyExplainer.Explanation explanation = explain(PolicyWorld.a(), t(), request("nobody", List.of("x"), "contents:read"));
        assertThat(explanation.ownerPolicy()).isEmpty();
        assertThat(explanation.admitted()).isEmpty();
        assertThat(explanation.repositoryPolicies()).isEmpty();
    }

    @Test
    void anInvalidOwnerPolicyIsNamedWithItsProblems() {
        PolicyExplainer.Explanation explanation = explain(PolicyWorld.c(), t(), request("octocat", List.of("playground"), "contents:read"));
        assertThat(explanation.ownerPolicy().orElseThrow().state()).isEqualTo("invalid");
        assertThat(explanation.ownerPolicy().orElseThrow().problems()).anySatisfy(p -> assertThat(p).contains("unknown-top-level"));
    }
}
