package dev.tokenbroker.policy.entity;

import java.util.List;
import java.util.Map;

/**
 * What policy evaluation needs to know about the App's installation on the target owner.
 *
 * @param permissions the installation's permissions with GitHub's snake_case names
 */
public record InstallationFacts(long id, String accountLogin, long accountId, boolean suspended,
                                List<String> singleFilePaths, Map<String, String> permissions) {

    public InstallationFacts {
        singleFilePaths = List.copyOf(singleFilePaths);
        permissions = Map.copyOf(permissions);
    }
}
