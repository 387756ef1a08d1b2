package dev.keel.bench.storage;

import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's rows: deterministic events of about 1 KB as JSON (the shape of a syslog login failure). */
final class BenchEvents {

    private static final long BASE_TIME = 1_704_067_200_000L;
    private static final String DETAIL = "x".repeat(640);
    /**
     * Attribute maps are made once and shared (the encoder still writes each row's in full): the
     * benchmark measures the writers, not the making of events, nor the garbage collection of a
     * producer's maps.
     */
    private static final List<Map<String, Object>> ATTRIBUTES = java.util.stream.IntStream.range(0, 1000)
            .mapToObj(BenchEvents::attributes).toList();

    private BenchEvents() {}

    private static Map<String, Object> attributes(int pid) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("process", "sshd");
        attributes.put("pid", 4000 + pid);
        attributes.put("port", 22);
        attributes.put("tags", List.of("auth", "ssh"));
        attributes.put("detail", DETAIL);
        return java.util.Collections.unmodifiableMap(attributes);
    }

    static Event event(long n) {
        Map<String, Object> attributes = ATTRIBUTES.get((int) (n % 1000));
        return new Event("bench-" + n, BASE_TIME + n, BASE_TIME + n + 5, n % 2 == 0 ? "http" : "syslog",
                "host-" + (n % 16), "user" + (n % 100), "login", "10.0." + (n % 256) + "." + (n % 200),
                n % 10 == 0 ? "high" : "low", "Failed password for user" + (n % 100) + " from port " + (40000 + n % 20000),
                attributes);
    }

    static List<Event> batch(long from, int count) {
        List<Event> events = new ArrayList<>(count);
        for (long n = from; n < from + count; n++) {
            events.add(event(n));
        }
        return events;
    }
}
