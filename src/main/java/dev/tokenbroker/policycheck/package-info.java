/**
 * Checks of pull requests (and pushes) that change access-token policy files (issue 18): the GitHub App's webhooks
 * arrive at {@code POST /webhooks/github}, are verified ({@code X-Hub-Signature-256}), claimed once per delivery, and
 * processed off the request thread: the changed policy files are read at the head commit, validated with the policy
 * package's {@code PolicyValidator}, and the result posted as a check run with annotations on the offending lines.
 * <ul>
 * <li>{@code entity}: the deliveries seen (for replays and redeliveries).</li>
 * <li>{@code control}: the webhook secret and signature, the delivery claims, the report, the check itself.</li>
 * <li>{@code boundary}: the endpoint.</li>
 * </ul>
 */
package dev.tokenbroker.policycheck;
