package dev.keel.app.endtoend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * What ingest and detect counted, read from the application's meter registry (after its stop,
 * so every hand-off has happened). Meters that were never created read as 0.
 *
 * @param httpAccepted events ingest handed downstream from HTTP requests
 * @param syslogAccepted events ingest handed downstream from syslog
 * @param syslogUndelivered syslog events read but not handed downstream by ingest's stop deadline
 * @param tcpFrames syslog messages read from TCP connections
 * @param udpFrames syslog datagrams read
 * @param udpDropped datagrams dropped because ingest's hand-off was full
 * @param alertsRaised alerts detect raised (detection and correlation)
 * @param detectRescued events and alerts detect could not hand to storage (spooled or lost)
 */
record PipelineMeters(long httpAccepted, long syslogAccepted, long syslogUndelivered, long tcpFrames, long udpFrames,
        long udpDropped, long alertsRaised, long detectRescued) {

    static PipelineMeters read(MeterRegistry registry) {
        return new PipelineMeters(
                sum(registry, "keel.ingest.events.accepted", "source", "http"),
                sum(registry, "keel.ingest.events.accepted", "source", "syslog"),
                sum(registry, "keel.ingest.events.undelivered", "source", "syslog"),
                sum(registry, "keel.ingest.syslog.frames", "transport", "tcp"),
                sum(registry, "keel.ingest.syslog.frames", "transport", "udp"),
                sum(registry, "keel.ingest.syslog.udp.dropped"),
                sum(registry, "keel.detect.alerts.raised"),
                sum(registry, "keel.detect.rescued"));
    }

    /** Every event ingest handed downstream. */
    long ingestAccepted() {
        return httpAccepted + syslogAccepted;
    }

    static long sum(MeterRegistry registry, String name, String... tags) {
        double total = Search.in(registry).name(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
        return Math.round(total);
    }
}
