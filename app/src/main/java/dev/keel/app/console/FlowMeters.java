package dev.keel.app.console;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Reads the running totals the flow charts are made of from the meters the components already
 * publish, so the console shows exactly what Prometheus scrapes; no component reports twice.
 */
final class FlowMeters {

    private final MeterRegistry registry;

    FlowMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The totals at this moment. */
    FlowTotals read() {
        Timer ack = registry.find("keel.ingest.http.ack").timer();
        return new FlowTotals(Instant.now(), System.nanoTime(),
                sum("keel.ingest.events.accepted", "transport", "http"),
                sum("keel.ingest.events.accepted", "transport", "tcp"),
                sum("keel.ingest.events.accepted", "transport", "udp"),
                sum("keel.ingest.http.requests", "status", "429") + sum("keel.ingest.http.requests", "status", "503"),
                sum("keel.storage.stored", "table", "events"),
                sum("keel.storage.stored", "table", "alerts"),
                sum("keel.detect.alerts.raised"),
                ack == null ? 0 : ack.count(),
                ack == null ? 0 : ack.totalTime(TimeUnit.MILLISECONDS),
                ack == null ? 0 : ack.max(TimeUnit.MILLISECONDS),
                Math.round(sum("keel.queue.depth", "component", "detect")),
                Math.round(sum("keel.queue.depth", "component", "storage")));
    }

    /** The counts (counters) or values (gauges) of every meter of that name and tags, summed. */
    private double sum(String name, String... tags) {
        double total = 0;
        for (Meter meter : registry.find(name).tags(tags).meters()) {
            for (Measurement measurement : meter.measure()) {
                if (measurement.getStatistic() == Statistic.COUNT || measurement.getStatistic() == Statistic.VALUE) {
                    total += measurement.getValue();
                }
            }
        }
        return total;
    }
}
