package dev.tokenbroker.vault.sys.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fixed mount table: which mount a path lies under, and accessors every node derives alike (issue 15). */
class MountTableTest {

    private final MountTable table = new MountTable();

    @Test
    void aPathLiesUnderItsLongestMountPrefix() {
        assertThat(table.mountOf("github/token/ci")).map(MountTable.Mount::type).contains(MountTable.SECRETS_PLUGIN);
        assertThat(table.mountOf("/auth/github")).map(MountTable.Mount::type).contains("github");
        assertThat(table.mountOf("auth/token/lookup-self")).map(MountTable.Mount::type).contains("token");
        assertThat(table.mountOf("sys/policies/acl/x")).map(MountTable.Mount::type).contains("system");
        assertThat(table.mountOf("secret/data/x")).isEmpty();
        assertThat(table.mountOf("githubx/y")).as("a mount is a whole segment").isEmpty();
        assertThat(table.mountOf("auth/")).isEmpty();
    }

    @Test
    void accessorsHaveVaultsFormAndAreTheSameOnEveryNode() {
        MountTable.Mount github = table.mountOf("auth/github/").orElseThrow();
        assertThat(MountTable.accessor(github)).matches("auth_github_[0-9a-f]{8}").isEqualTo(MountTable.accessor(github));
        assertThat(MountTable.accessor(table.mountOf("sys/").orElseThrow())).matches("system_[0-9a-f]{8}");
        assertThat(MountTable.accessor(github)).isNotEqualTo(MountTable.accessor(table.mountOf("auth/token/").orElseThrow()));
    }
}
