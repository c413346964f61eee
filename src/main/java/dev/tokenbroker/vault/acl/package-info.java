/**
 * ACL policies (vault-api.md §6): the HCL/JSON subset parser, the stored policies, the {@code Acl} value that decides
 * a path and operation with its parameter constraints, and {@code sys/policy} and {@code sys/policies/acl}.
 * <p>
 * Does not belong here: which policies a token holds ({@code token}) or a login maps to ({@code githubauth}).
 */
package dev.tokenbroker.vault.acl;
