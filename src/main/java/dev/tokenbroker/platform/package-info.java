/**
 * What every feature shares: the JAX-RS application, typed configuration reads and the record of unusable
 * settings, the clock, the broker's version, liveness and configuration readiness, where a request came from
 * behind trusted reverse proxies (client address and origin), and the OpenAPI description of all the broker serves.
 * <p>
 * Does not belong here: feature logic. A class used by one feature lives in that feature.
 */
package dev.tokenbroker.platform;
