package dev.tokenbroker.github.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import dev.tokenbroker.github.entity.GitHubUnexpectedResponseException;
import dev.tokenbroker.github.entity.Team;

import org.junit.jupiter.api.Test;

/** Strict about what the login uses from {@code /user/teams}, tolerant of what it does not. */
class UserTeamsShapeTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aTeamWithoutItsIdOrItsOrganisationsLoginIsStillRead() {
        Team team = GitHubApi.team("GET /user/teams", json("{\"name\":\"Platform\",\"slug\":\"platform\","
                + "\"organization\":{\"id\":583231}}"));
        assertThat(team.name()).isEqualTo("Platform");
        assertThat(team.slug()).isEqualTo("platform");
        assertThat(team.organizationId()).isEqualTo(583231);
    }

    @Test
    void aTeamWithoutAnOrganisationIsLeftOut() {
        assertThat(GitHubApi.team("GET /user/teams", json("{\"id\":1,\"name\":\"x\",\"slug\":\"x\"}"))).isNull();
    }

    @Test
    void whatTheMappingUsesMustBeThere() {
        assertThatThrownBy(() -> GitHubApi.team("GET /user/teams", json("{\"name\":\"Platform\",\"organization\":{\"id\":1}}")))
                .isInstanceOf(GitHubUnexpectedResponseException.class).hasMessageContaining("/user/teams");
        assertThatThrownBy(() -> GitHubApi.team("GET /user/teams", json("{\"name\":\"P\",\"slug\":\"p\",\"organization\":{}}")))
                .isInstanceOf(GitHubUnexpectedResponseException.class);
    }
}
