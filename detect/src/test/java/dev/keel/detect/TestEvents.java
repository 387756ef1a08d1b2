package dev.keel.detect;

import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Events for tests. */
public final class TestEvents {

    private static final AtomicLong IDS = new AtomicLong();

    private TestEvents() {}

    /** An event with the common fields given and the attributes as key/value pairs. */
    public static Event event(String user, String action, String message, Object... attributes) {
        Map<String, Object> attrs = new HashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            attrs.put((String) attributes[i], attributes[i + 1]);
        }
        long now = System.currentTimeMillis();
        return new Event("e-" + IDS.incrementAndGet(), now, now, "http", "web1", user, action, "203.0.113.7", "info",
                message, attrs);
    }

    public static Event withTime(Event event, long timestamp) {
        return new Event(event.eventId(), timestamp, event.receivedAt(), event.source(), event.host(), event.user(),
                event.action(), event.srcIp(), event.severity(), event.message(), event.attributes());
    }

    /** {@code n} plain events that match nothing in particular. */
    public static List<Event> plain(int n) {
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(event("user" + i, "view", "nothing to see " + i));
        }
        return events;
    }
}
