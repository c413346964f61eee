package dev.tokenbroker.audit.control;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import dev.tokenbroker.platform.control.CachedJson;
import dev.tokenbroker.platform.control.CurrentRequest;

/**
 * One structured event per security decision, as a JSON line on the dedicated logger {@code dev.tokenbroker.audit}
 * (route it to its own file or collector with the server's logging configuration). Callers pass secrets only as
 * hashes: an exchange's {@code token_hash}, never a token.
 */
@ApplicationScoped
public class AuditLog {

    public static final String LOGGER = "dev.tokenbroker.audit";
    private static final Logger AUDIT = Logger.getLogger(LOGGER);

    private final Clock clock;

    /** For CDI's client proxy only. */
    protected AuditLog() {
        this(null);
    }

    @Inject
    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** @param fields values may be strings, numbers, booleans, maps or collections of those; nulls are left out */
    public void record(String event, Map<String, ?> fields) {
        JsonObjectBuilder line = CachedJson.createObjectBuilder()
                .add("time", clock.instant().toString())
                .add("event", event);
        if (!fields.containsKey("requestId")) {
            CurrentRequest.id().ifPresent(id -> line.add("requestId", id));
        }
        fields.forEach((k, v) -> add(line, k, v));
        AUDIT.info(line.build().toString());
    }

    private static void add(JsonObjectBuilder o, String key, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Number n) {
            o.add(key, n.longValue());
        } else if (value instanceof Boolean b) {
            o.add(key, b);
        } else if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder child = CachedJson.createObjectBuilder();
            map.forEach((k, v) -> add(child, String.valueOf(k), v));
            o.add(key, child);
        } else if (value instanceof Collection<?> list) {
            JsonArrayBuilder array = CachedJson.createArrayBuilder();
            list.forEach(v -> array.add(String.valueOf(v)));
            o.add(key, array);
        } else {
            o.add(key, String.valueOf(value));
        }
    }
}
