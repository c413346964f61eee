package dev.tokenbroker.github.entity;

import java.util.List;
import java.util.Map;

/**
 * The App's installation on one account. Its {@code permissions} cap every token minted for it; its
 * {@code singleFilePaths} are the files a {@code single_file} permission can read.
 *
 * @param accountLogin the owner's login as GitHub spells it
 * @param accountId    the owner's numeric id (enough to build an immutable OIDC subject without another call)
 * @param targetType   {@code Organization} or {@code User}
 */
public record Installation(long id, String accountLogin, long accountId, String targetType, String repositorySelection,
                           Map<String, String> permissions, List<String> singleFilePaths, boolean suspended) {

    public Installation {
        permissions = Map.copyOf(permissions);
        singleFilePaths = List.copyOf(singleFilePaths);
    }
}
