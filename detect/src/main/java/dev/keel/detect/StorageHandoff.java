package dev.keel.detect;

import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.spool.RescueSpool;
import dev.keel.detect.spool.SpoolKind;
import dev.keel.lifecycle.Admission;
import dev.keel.storage.Alert;
import dev.keel.storage.AlertSink;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands matched events and raised alerts to storage. While storage answers FULL the caller
 * waits and retries (halving the batch each time, in case it is larger than storage's queue):
 * that is the backpressure that fills detect's own queue and so makes ingest answer 429. What
 * cannot be handed on (storage CLOSED, the stop deadline's interrupt, a failing sink) is
 * spooled by {@link RescueSpool}, or, if even that fails, logged with its ids and counted lost.
 */
final class StorageHandoff {

    private static final Logger log = LoggerFactory.getLogger(StorageHandoff.class);
    private static final Duration WAIT = Duration.ofMillis(250);

    @FunctionalInterface
    private interface Offer<T> {
        Admission offer(List<T> items, Duration maxWait) throws InterruptedException;
    }

    private final String component;
    private final EventSink events;
    private final AlertSink alerts;
    private final RescueSpool spool;
    private final DetectMetrics metrics;
    private final AtomicLong lastFullLog = new AtomicLong(System.nanoTime() - Duration.ofMinutes(1).toNanos());

    StorageHandoff(String component, EventSink events, AlertSink alerts, RescueSpool spool, DetectMetrics metrics) {
        this.component = component;
        this.events = events;
        this.alerts = alerts;
        this.spool = spool;
        this.metrics = metrics;
    }

    /** Never throws; on interrupt the rest is spooled and the thread's interrupt flag is set again. */
    void events(List<Event> batch) {
        handOn(batch, events::offer, "events", SpoolKind.MATCHED);
    }

    void alerts(List<Alert> batch) {
        handOn(batch, alerts::offer, "alerts", SpoolKind.ALERTS);
    }

    private <T> void handOn(List<T> items, Offer<T> sink, String what, SpoolKind kind) {
        int next = 0;
        int chunk = Math.max(1, items.size());
        try {
            while (next < items.size()) {
                List<T> part = List.copyOf(items.subList(next, Math.min(items.size(), next + chunk)));
                Admission admission = sink.offer(part, WAIT);
                if (admission == Admission.ACCEPTED) {
                    next += part.size();
                    chunk = (int) Math.min(items.size(), 2L * chunk);
                } else if (admission == Admission.FULL) {
                    metrics.sinkFull(what);
                    chunk = Math.max(1, part.size() / 2);
                    logFull(what, items.size() - next);
                } else {
                    rescue(kind, items.subList(next, items.size()),
                            new IllegalStateException("storage's " + what + " sink is closed"));
                    return;
                }
            }
        } catch (InterruptedException stop) {
            rescue(kind, items.subList(next, items.size()), stop);
            Thread.currentThread().interrupt();
        } catch (RuntimeException sinkFailure) {
            rescue(kind, items.subList(next, items.size()), sinkFailure);
        }
    }

    /** Spools what could not be handed on; if the spool fails too, says loudly what is lost. */
    void rescue(SpoolKind kind, List<?> items, Throwable cause) {
        if (items.isEmpty()) {
            return;
        }
        String what = kind == SpoolKind.ALERTS ? "alerts" : "events";
        try {
            Path file = spool.write(kind, new ArrayList<>(items));
            metrics.rescued(what, "spooled", items.size());
            log.warn("{}/matcher: {} {} not handed to storage ({}); spooled to {} for replay at the next start",
                    component, items.size(), what, cause.toString(), file);
        } catch (IOException | RuntimeException spoolFailure) {
            metrics.rescued(what, "lost", items.size());
            log.error("{}/matcher: {} {} not handed to storage ({}) and not spooled ({}); LOST: {}", component,
                    items.size(), what, cause.toString(), spoolFailure.toString(), ids(items), spoolFailure);
        }
    }

    private void logFull(String what, int waiting) {
        long now = System.nanoTime();
        long last = lastFullLog.get();
        if (now - last >= Duration.ofSeconds(10).toNanos() && lastFullLog.compareAndSet(last, now)) {
            log.info("{}/matcher: storage's {} sink is full; waiting with {} {} (backpressure to ingest)", component,
                    what, waiting, what);
        }
    }

    private static List<String> ids(List<?> items) {
        return items.stream().map(item -> item instanceof Event e ? e.eventId()
                : item instanceof Alert a ? a.alertId() : String.valueOf(item)).toList();
    }
}
