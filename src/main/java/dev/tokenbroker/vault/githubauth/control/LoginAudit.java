package dev.tokenbroker.vault.githubauth.control;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import dev.tokenbroker.audit.control.AuditLog;
import dev.tokenbroker.platform.control.Metrics;

/**
 * Audits a granted login once its transaction has committed, and as failed if the commit did not: the audit log is
 * not transactional, so an event written inside the transaction could name a token that never came to exist.
 */
@ApplicationScoped
public class LoginAudit {

    /** What a granted login records; fired inside the issuing transaction. */
    public record Granted(Map<String, Object> fields) {
        public Granted {
            fields = Map.copyOf(fields);
        }
    }

    @Inject
    AuditLog audit;

    @Inject
    Metrics metrics;

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Granted login) {
        audit.record("vault.login", new LinkedHashMap<>(login.fields()));
        metrics.login(GithubLogin.METHOD, "success");
    }

    void rolledBack(@Observes(during = TransactionPhase.AFTER_FAILURE) Granted login) {
        Map<String, Object> fields = new LinkedHashMap<>(login.fields());
        fields.put("decision", "failed");
        fields.put("reason", "the token could not be stored");
        fields.remove("tokenHmac");
        fields.remove("accessor");
        audit.record("vault.login", fields);
        metrics.login(GithubLogin.METHOD, "failed");
    }
}
