package dev.tokenbroker.platform.entity;

/**
 * Where a request came from, as the client saw it: its address, and the scheme and host it called
 * ({@code origin}, e.g. {@code https://broker.example.org}). Behind a trusted reverse proxy these come from the proxy's
 * {@code X-Forwarded-*} headers; otherwise from the connection itself.
 */
public record ForwardedRequest(String client, String origin) {
}
