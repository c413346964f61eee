/**
 * The audit trail: one structured event per security decision (an exchange granted or denied, later logins, token
 * operations and policy changes), on a dedicated logger. Secrets appear only as hashes or HMACs.
 * <p>
 * Does not belong here: deciding anything. Features decide, then record.
 */
package dev.tokenbroker.audit;
