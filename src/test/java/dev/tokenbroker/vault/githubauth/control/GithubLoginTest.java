package dev.tokenbroker.vault.githubauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.githubauth.entity.GithubAuthConfig;
import dev.tokenbroker.vault.logical.entity.VaultException;

class GithubLoginTest {

    /**
     * A9: Vault's "no stored org ID" path cannot happen here, and a config without an id never logs anyone in. The
     * login has no GitHub API at all, so any call to GitHub would fail the test with a NullPointerException.
     */
    @Test
    void aConfigWithoutAnOrganizationIdLogsNobodyInAndAsksGitHubNothing() {
        GithubLogin login = new GithubLogin();
        GithubAuthConfig config = new GithubAuthConfig();
        config.setOrganization("foo-org");
        config.setBaseUrl("http://127.0.0.1:9/");
        for (long id : new long[] {0, -1}) {
            config.setOrganizationId(id);
            assertThatThrownBy(() -> login.verify(config, "ghp_any"))
                    .isInstanceOfSatisfying(VaultException.class, e -> {
                        assertThat(e.kind()).isEqualTo(VaultException.Kind.INTERNAL);
                        assertThat(e.errors()).containsExactly(
                                "the organization_id is not set in the config; write auth/github/config again");
                    });
        }
    }

    @Test
    void policyNamesAreTrimmedLowerCasedDeduplicatedAndSorted() {
        assertThat(PolicyStore.normalize(List.of("Dev", " OPS", "dev", "", "  "))).containsExactly("dev", "ops");
    }
}
