/**
 * The access-token policy language of the workflow exchange: the permission catalog (data), the one parser of
 * policy files (the only SnakeYAML entry point for untrusted text, hardened), effective subjects, pattern matching,
 * and the evaluation of a request to a {@link dev.tokenbroker.policy.entity.Decision}.
 * <p>
 * Pure: no JAX-RS, no REST client, no JPA, no CDI. Policy files arrive through
 * {@link dev.tokenbroker.policy.control.PolicySource}, which the exchange implements over GitHub; everything here is
 * tested with tables. {@code control.PolicyValidator} turns a file into findings for its authors;
 * {@code boundary.PolicyCheck} is the offline command line over it ({@code target/policy-check.jar}).
 */
package dev.tokenbroker.policy;
