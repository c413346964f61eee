package dev.tokenbroker.policycheck.control;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import dev.tokenbroker.platform.control.EpochMicros;
import dev.tokenbroker.policycheck.entity.WebhookDelivery;

/**
 * Each delivery is processed at most once at a time and once to success, on every node (the database decides): a
 * delivery is claimed before it is processed; a replay of one done or in progress is not processed again; a
 * redelivery of one that failed is claimed again. Deliveries older than {@link #KEEP} are forgotten.
 */
@ApplicationScoped
public class WebhookDeliveries {

    static final Duration KEEP = Duration.ofDays(7);

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    Clock clock;

    /** @return whether this call claimed the delivery (false: seen already, done or being processed) */
    @Transactional
    public boolean claim(String deliveryId, String event) {
        long now = EpochMicros.of(clock.instant());
        em.createQuery("delete from WebhookDelivery d where d.receivedAt < :cutoff")
                .setParameter("cutoff", EpochMicros.of(clock.instant().minus(KEEP))).executeUpdate();
        WebhookDelivery seen = em.find(WebhookDelivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
        if (seen == null) {
            em.persist(new WebhookDelivery(deliveryId, event, now));
            em.flush(); // a concurrent claim of the same id fails here, on its primary key, not after the answer
            return true;
        }
        if (!seen.getState().equals(WebhookDelivery.FAILED)) {
            return false;
        }
        seen.setState(WebhookDelivery.PROCESSING);
        seen.setReceivedAt(now);
        return true;
    }

    @Transactional
    public void finish(String deliveryId, boolean succeeded) {
        WebhookDelivery delivery = em.find(WebhookDelivery.class, deliveryId);
        if (delivery != null) {
            delivery.setState(succeeded ? WebhookDelivery.DONE : WebhookDelivery.FAILED);
        }
    }
}
