/**
 * The workflow token exchange, {@code POST /access_tokens}: a drop-in server for qoomon/actions--access-token v3
 * and v4. Request parsing and normalisation, the peer-compatible responses and errors (request id, 413, 404, the
 * container's 401), and the orchestration of one exchange: installation, policy decision, mint, audit. Also the
 * GitHub-backed policy source with its reader tokens and caches.
 * <p>
 * Does not belong here: YAML parsing and policy logic ({@code policy}), HTTP calls to GitHub ({@code github}).
 */
package dev.tokenbroker.exchange;
