package dev.keel.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side's meters: {@code keel.ingest.http.requests} by {@code status},
 * {@code keel.ingest.http.ack} (the time to a 202), and {@code keel.ingest.events.accepted}
 * ({@code source=http, transport=http}) / {@code keel.ingest.events.rejected} /
 * {@code keel.ingest.timestamp.invalid} with {@code source=http}.
 */
public final class HttpMetrics {

    private final MeterRegistry registry;
    private final Map<Integer, Counter> responses = new ConcurrentHashMap<>();
    private final Counter accepted;
    private final Counter rejected;
    private final Counter invalidTimestamps;
    private final Timer acknowledged;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("keel.ingest.events.accepted").tag("source", "http").tag("transport", "http")
                .description("events handed downstream").register(registry);
        this.rejected = Counter.builder("keel.ingest.events.rejected").tag("source", "http")
                .description("invalid events refused with a per-event error").register(registry);
        this.invalidTimestamps = Counter.builder("keel.ingest.timestamp.invalid").tag("source", "http")
                .description("accepted events whose timestamp was neither epoch ms nor RFC 3339 and was replaced"
                        + " by the receive time (the client's value kept in timestamp_invalid)")
                .register(registry);
        // A histogram, so that Prometheus can give quantiles; the bounds keep it to a few dozen buckets.
        this.acknowledged = Timer.builder("keel.ingest.http.ack")
                .description("from a request's arrival at ingest to its 202: how long a client waits for an"
                        + " acknowledgement")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void response(int status) {
        responses.computeIfAbsent(status, s -> Counter.builder("keel.ingest.http.requests")
                .tag("status", Integer.toString(s))
                .description("HTTP ingest requests by the status they were answered with")
                .register(registry)).increment();
    }

    void acknowledged(long nanos) {
        acknowledged.record(nanos, TimeUnit.NANOSECONDS);
    }

    void accepted(int events) {
        accepted.increment(events);
    }

    void rejected(int events) {
        rejected.increment(events);
    }

    void invalidTimestamps(int events) {
        invalidTimestamps.increment(events);
    }
}
