package dev.keel.ingest.syslog;

import dev.keel.ingest.net.PeerSlots;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The syslog side's meters. For every frame read, {@code keel.ingest.syslog.frames} =
 * {@code keel.ingest.events.accepted{source=syslog, transport}} + {@code keel.ingest.syslog.udp.dropped} +
 * {@code keel.ingest.events.undelivered{source=syslog}} once the pipeline is idle: nothing read
 * goes unaccounted. (A frame that cannot even be mapped to a raw event is counted undelivered.)
 */
public final class SyslogMetrics {

    private final Counter tcpFrames;
    private final Counter udpFrames;
    private final Counter tcpMalformed;
    private final Counter udpMalformed;
    private final Counter tcpAccepted;
    private final Counter udpAccepted;
    private final Counter undelivered;
    private final Counter udpDropped;
    private final Counter opened;
    private final Counter refused;
    private final Counter idleClosed;
    private final MeterRegistry registry;

    public SyslogMetrics(MeterRegistry registry) {
        this.registry = registry;
        tcpFrames = frames(registry, "tcp");
        udpFrames = frames(registry, "udp");
        tcpMalformed = malformed(registry, "tcp");
        udpMalformed = malformed(registry, "udp");
        tcpAccepted = accepted(registry, SyslogTransport.TCP);
        udpAccepted = accepted(registry, SyslogTransport.UDP);
        undelivered = Counter.builder("keel.ingest.events.undelivered").tag("source", "syslog")
                .description("events read but not handed downstream by the stop deadline (logged as errors)")
                .register(registry);
        udpDropped = Counter.builder("keel.ingest.syslog.udp.dropped")
                .description("UDP datagrams dropped because the hand-off was full").register(registry);
        opened = Counter.builder("keel.ingest.syslog.connections.opened")
                .description("TCP connections taken").register(registry);
        refused = Counter.builder("keel.ingest.syslog.connections.refused")
                .description("TCP connections closed at once: max-connections reached").register(registry);
        idleClosed = Counter.builder("keel.ingest.syslog.connections.idle.closed")
                .description("TCP connections closed for completing no frame within idle-timeout").register(registry);
    }

    /** Publishes the open connections, as the listener's slots count them. */
    void trackConnections(PeerSlots slots) {
        Gauge.builder("keel.ingest.syslog.connections.active", slots, PeerSlots::inUse)
                .description("open TCP connections").register(registry);
    }

    private static Counter accepted(MeterRegistry registry, String transport) {
        return Counter.builder("keel.ingest.events.accepted").tag("source", "syslog").tag("transport", transport)
                .description("events handed downstream").register(registry);
    }

    private static Counter frames(MeterRegistry registry, String transport) {
        return Counter.builder("keel.ingest.syslog.frames").tag("transport", transport)
                .description("syslog messages read from the network").register(registry);
    }

    private static Counter malformed(MeterRegistry registry, String transport) {
        return Counter.builder("keel.ingest.syslog.malformed").tag("transport", transport)
                .description("frames kept as raw events marked with a parse error").register(registry);
    }

    void frameRead(String transport) {
        (SyslogTransport.UDP.equals(transport) ? udpFrames : tcpFrames).increment();
    }

    void malformed(String transport) {
        (SyslogTransport.UDP.equals(transport) ? udpMalformed : tcpMalformed).increment();
    }

    /** Counts by the transport each event came over, which the mapper keeps in its attributes. */
    void accepted(List<Event> events) {
        int udp = 0;
        for (Event event : events) {
            if (SyslogTransport.UDP.equals(event.attributes().get("transport"))) {
                udp++;
            }
        }
        udpAccepted.increment(udp);
        tcpAccepted.increment(events.size() - udp);
    }

    void undelivered(int events) {
        undelivered.increment(events);
    }

    void udpDropped() {
        udpDropped.increment();
    }

    void connectionRefused() {
        refused.increment();
    }

    void connectionIdleClosed() {
        idleClosed.increment();
    }

    void connectionOpened() {
        opened.increment();
    }
}
