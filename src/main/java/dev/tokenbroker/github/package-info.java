/**
 * The one adapter to GitHub: the App JWT, installations, minting and revoking installation tokens, file contents
 * with ETags, the user/org/team reads behind personal-token login, and the caches in front of them. GitHub's status
 * codes become typed exceptions ({@code entity}) here, and all fault tolerance lives here: MicroProfile Fault
 * Tolerance for timeout, retry and bulkhead; plain code for the circuit breaker ({@code GitHubCircuit}, whose state
 * readiness reports), {@code Retry-After} and the rate-limit gate.
 * <p>
 * Does not belong here: anything about access policies, the exchange's wire format or Vault. Callers ask for
 * exactly what they decided; this package never widens or narrows a request.
 */
package dev.tokenbroker.github;
