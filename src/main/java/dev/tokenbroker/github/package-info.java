/**
 * The one adapter to GitHub: the App JWT, installations, minting and revoking installation tokens, file contents
 * with ETags, the user/org/team reads behind personal-token login, and the caches in front of them. GitHub's status
 * codes become typed exceptions ({@code entity}) here, and all fault tolerance lives here: MicroProfile Fault
 * Tolerance for timeout, retry, circuit breaker and bulkhead; plain code for {@code Retry-After}, the rate-limit gate
 * and the breaker state readiness reports.
 * <p>
 * Does not belong here: anything about access policies, the exchange's wire format or Vault. Callers ask for
 * exactly what they decided; this package never widens or narrows a request.
 */
package dev.tokenbroker.github;
