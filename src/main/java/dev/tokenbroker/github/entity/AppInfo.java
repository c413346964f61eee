package dev.tokenbroker.github.entity;

import java.util.Map;

/** The App's own record from {@code GET /app}: who we are towards GitHub and the ceiling of every installation. */
public record AppInfo(long id, String slug, String name, String htmlUrl, Map<String, String> permissions) {

    public AppInfo {
        permissions = Map.copyOf(permissions);
    }
}
