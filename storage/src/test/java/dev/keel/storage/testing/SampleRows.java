package dev.keel.storage.testing;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deterministic sample events and alerts: the n-th of a run is always the same row. */
public final class SampleRows {

    /** 2024-01-01T00:00:00Z in epoch milliseconds. */
    public static final long BASE_TIME = 1_704_067_200_000L;

    private static final String FILLER = "x".repeat(640);

    private SampleRows() {}

    /** An event of about 1 KB as JSON, with id {@code <prefix>-<n>}, one millisecond after the previous. */
    public static Event event(String prefix, int n) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("process", "sshd");
        attributes.put("pid", 4000 + n % 1000);
        attributes.put("port", 22);
        attributes.put("tags", List.of("auth", "ssh"));
        attributes.put("detail", FILLER);
        return new Event(prefix + "-" + n, BASE_TIME + n, BASE_TIME + n + 5, n % 2 == 0 ? "http" : "syslog",
                "host-" + (n % 16), "user" + (n % 100), "login", "10.0." + (n % 256) + "." + (n % 200),
                n % 10 == 0 ? "high" : "low", "Failed password for user" + (n % 100) + " from port " + (40000 + n), attributes);
    }

    public static List<Event> events(String prefix, int from, int count) {
        List<Event> events = new ArrayList<>(count);
        for (int n = from; n < from + count; n++) {
            events.add(event(prefix, n));
        }
        return events;
    }

    /** An event with only the required fields; the optional ones null. */
    public static Event sparseEvent(String id, long timestamp) {
        return new Event(id, timestamp, timestamp, "syslog", null, null, null, null, null, null, Map.of());
    }

    public static Alert alert(String prefix, int n) {
        return new Alert(prefix + "-" + n, "rule-" + (n % 5), "Brute force from one source", "high", BASE_TIME + n,
                "src_ip=10.0.0." + (n % 256), List.of("e-" + n, "e-" + (n + 1)), "5 failed logins in 60 s");
    }

    public static List<Alert> alerts(String prefix, int from, int count) {
        List<Alert> alerts = new ArrayList<>(count);
        for (int n = from; n < from + count; n++) {
            alerts.add(alert(prefix, n));
        }
        return alerts;
    }
}
