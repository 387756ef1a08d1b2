package dev.keel.detect.handoff;

import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.metrics.LogThrottle;
import dev.keel.storage.Alert;
import dev.keel.storage.AlertSink;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands matched events and raised alerts to storage. While storage answers FULL the caller
 * waits and retries, in halving chunks ({@link ChunkedHandOff}): that is the backpressure that
 * fills detect's own queue and so makes ingest answer 429. What cannot be handed on (storage
 * CLOSED, the stop deadline's interrupt, a failing sink) is spooled by {@link RescueSpool}, or,
 * if even that fails, logged with its ids and counted lost. Never throws but for a
 * {@link VirtualMachineError}. Every log line names the worker it ran on, as the caller gives it.
 */
public final class StorageHandoff {

    private static final Logger log = LoggerFactory.getLogger(StorageHandoff.class);
    private static final Duration WAIT = Duration.ofMillis(250);
    private static final BooleanSupplier NEVER = () -> false;

    private final String component;
    private final EventSink events;
    private final AlertSink alerts;
    private final RescueSpool spool;
    private final DetectMetrics metrics;
    private final LogThrottle eventsFull = new LogThrottle(Duration.ofSeconds(10));
    private final LogThrottle alertsFull = new LogThrottle(Duration.ofSeconds(10));

    public StorageHandoff(String component, EventSink events, AlertSink alerts, RescueSpool spool,
            DetectMetrics metrics) {
        this.component = component;
        this.events = events;
        this.alerts = alerts;
        this.spool = spool;
        this.metrics = metrics;
    }

    /**
     * Waits while storage is FULL, until it takes everything or the drain deadline interrupts;
     * then the rest is spooled and the interrupt flag set again.
     */
    public void events(List<Event> batch, String worker) {
        handOn(batch, events::offer, SpoolKind.MATCHED, worker, NEVER, eventsFull);
    }

    /**
     * As {@link #events}, for alerts; but while storage is FULL the caller may give up (asked
     * after every answer), and the rest is spooled: so the sweeper does not hold the stop, and
     * the stop's final sweep makes one attempt.
     */
    public void alerts(List<Alert> batch, String worker, BooleanSupplier giveUp) {
        handOn(batch, alerts::offer, SpoolKind.ALERTS, worker, giveUp, alertsFull);
    }

    private <T> void handOn(List<T> items, Target<T> sink, SpoolKind kind, String worker, BooleanSupplier giveUp,
            LogThrottle fullLog) {
        if (items.isEmpty()) {
            return;
        }
        ChunkedHandOff<T> handOff = new ChunkedHandOff<>(items);
        String what = kind.item();
        try {
            ChunkedHandOff.End end = handOff.run(sink, WAIT, giveUp, () -> {
                metrics.sinkFull(what);
                long heldBack = fullLog.permit();
                if (heldBack >= 0) {
                    log.info("{}/{}: storage's {} sink is full; waiting with {} {} (backpressure to ingest){}",
                            component, worker, what, handOff.rest().size(), what, LogThrottle.heldBack(heldBack));
                }
            });
            if (end != ChunkedHandOff.End.ALL_ACCEPTED) {
                rescue(kind, handOff.rest(), new IllegalStateException("storage's " + what + " sink "
                        + (end == ChunkedHandOff.End.CLOSED ? "is closed" : "is full, and " + worker + " stops")),
                        worker);
            }
        } catch (InterruptedException stop) {
            rescue(kind, handOff.rest(), stop, worker); // before the flag is set again: spool I/O is interruptible
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error sinkFailure) {
            rescue(kind, handOff.rest(), sinkFailure, worker);
            if (sinkFailure instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    /** Spools what could not be handed on; if the spool fails too, says loudly what is lost. */
    public void rescue(SpoolKind kind, List<?> items, Throwable cause, String worker) {
        if (items.isEmpty()) {
            return;
        }
        String what = kind.item();
        try {
            Path file = spool.write(kind, new ArrayList<>(items));
            metrics.rescued(what, "spooled", items.size());
            log.warn("{}/{}: {} {} not handed to storage ({}); spooled to {} for replay", component, worker,
                    items.size(), what, cause.toString(), file);
        } catch (IOException | RuntimeException spoolFailure) {
            metrics.rescued(what, "lost", items.size());
            log.error("{}/{}: {} {} not handed to storage ({}) and not spooled ({}); LOST: {}", component, worker,
                    items.size(), what, cause.toString(), spoolFailure.toString(), ids(items), spoolFailure);
        }
    }

    private static List<String> ids(List<?> items) {
        return items.stream().map(item -> item instanceof Event e ? e.eventId()
                : item instanceof Alert a ? a.alertId() : String.valueOf(item)).toList();
    }
}
