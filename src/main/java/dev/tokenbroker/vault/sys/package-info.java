/**
 * The node itself: {@code sys/health}, {@code sys/leases/*}, the database probe, the start-up checks (durability of
 * the embedded database, the encryption key shared by all nodes).
 * <p>
 * Does not belong here: {@code sys/policy} ({@code acl}).
 */
package dev.tokenbroker.vault.sys;
