package dev.tokenbroker.policycheck.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * One webhook delivery the broker accepted, by GitHub's {@code X-GitHub-Delivery} id: a delivery seen again (a replay,
 * or GitHub's redelivery) is not processed again unless its processing failed. Kept 7 days.
 */
@Entity
@Table(name = "BROKER_WEBHOOK_DELIVERY", indexes = @Index(name = "BROKER_WEBHOOK_DELIVERY_TIME", columnList = "received_at"))
public class WebhookDelivery {

    public static final String PROCESSING = "processing";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    @Id
    @Column(name = "delivery_id", length = 64)
    private String id;

    @Column(name = "event", length = 64, nullable = false)
    private String event;

    @Column(name = "received_at", nullable = false)
    private long receivedAt;

    @Column(name = "state", length = 16, nullable = false)
    private String state = PROCESSING;

    protected WebhookDelivery() {
    }

    public WebhookDelivery(String id, String event, long receivedAtMicros) {
        this.id = id;
        this.event = event;
        this.receivedAt = receivedAtMicros;
    }

    public String getId() { return id; }
    public String getState() { return state; }
    public void setState(String v) { state = v; }
    public void setReceivedAt(long v) { receivedAt = v; }
}
