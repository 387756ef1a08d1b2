package dev.keel.ingest.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads counters by name and tags, summed over the tags not named; 0 for a counter never registered. */
public final class Meters {

    private Meters() {}

    public static double count(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
