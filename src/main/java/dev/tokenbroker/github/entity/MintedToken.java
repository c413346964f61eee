package dev.tokenbroker.github.entity;

import jakarta.json.JsonObject;

/**
 * An installation token together with GitHub's answer as it came ({@code installation-token} schema), for callers
 * that pass the answer through. The answer holds the token: never log it, and {@link #toString()} leaves it out.
 */
public record MintedToken(InstallationToken token, JsonObject answer) {

    @Override
    public String toString() {
        return "MintedToken[" + token + "]";
    }
}
