package dev.keel.detect.spool;

import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.WorkerContext;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Hands spooled items on at start: unmatched events into detect's input (so rules see them),
 * matched events to the event sink, alerts to the alert sink. Waits while a target is full;
 * stops early (keeping what is left in the file) when the stop signal comes or a target closes.
 * Delivery is at least once: an item handed on just before a crash may be replayed again.
 */
public final class SpoolReplayer {

    /** Where replayed items go: the same all-or-nothing offer as the sinks. */
    @FunctionalInterface
    public interface Target<T> {
        Admission offer(List<T> items, Duration maxWait) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);
    private static final Duration WAIT = Duration.ofMillis(200);

    private final String component;
    private final RescueSpool spool;
    private final Target<Event> input;
    private final Target<Event> events;
    private final Target<Alert> alerts;
    private final int chunk;
    private final DetectMetrics metrics;

    public SpoolReplayer(String component, RescueSpool spool, Target<Event> input, Target<Event> events,
            Target<Alert> alerts, int chunk, DetectMetrics metrics) {
        this.component = component;
        this.spool = spool;
        this.input = input;
        this.events = events;
        this.alerts = alerts;
        this.chunk = chunk;
        this.metrics = metrics;
    }

    public void replay(WorkerContext ctx) throws IOException, InterruptedException {
        for (Path file : spool.pending()) {
            SpoolKind kind = RescueSpool.kindOf(file);
            boolean done = switch (kind) {
                case UNMATCHED -> replay(ctx, file, readEvents(file), input, "events");
                case MATCHED -> replay(ctx, file, readEvents(file), events, "events");
                case ALERTS -> replay(ctx, file, readAlerts(file), alerts, "alerts");
            };
            if (!done) {
                return;
            }
        }
    }

    private <T> boolean replay(WorkerContext ctx, Path file, List<T> items, Target<T> target, String what)
            throws IOException, InterruptedException {
        if (items == null) {
            return true;
        }
        int next = 0;
        while (next < items.size()) {
            List<T> part = items.subList(next, Math.min(items.size(), next + chunk));
            Admission admission = target.offer(part, WAIT);
            if (admission.accepted()) {
                metrics.replayed(what, part.size());
                next += part.size();
            } else if (admission == Admission.CLOSED || ctx.stopRequested()) {
                spool.rewrite(file, items.subList(next, items.size()));
                log.info("{}/{}: replay of {} paused with {} {} left ({})", component, ctx.workerId(), file,
                        items.size() - next, what, admission == Admission.CLOSED ? "target closed" : "stopping");
                return false;
            }
        }
        spool.delete(file);
        log.info("{}/{}: replayed {} {} from {}", component, ctx.workerId(), items.size(), what, file);
        return true;
    }

    private List<Event> readEvents(Path file) throws IOException {
        try {
            return spool.readEvents(file);
        } catch (JacksonException corrupt) {
            quarantine(file, corrupt);
            return null;
        }
    }

    private List<Alert> readAlerts(Path file) throws IOException {
        try {
            return spool.readAlerts(file);
        } catch (JacksonException corrupt) {
            quarantine(file, corrupt);
            return null;
        }
    }

    /** A file that does not parse is set aside under another name, never deleted. */
    private void quarantine(Path file, Exception cause) throws IOException {
        Path aside = spool.setAside(file);
        log.error("{}/rescue-replay: spool file {} does not parse; moved to {} for a person to look at", component,
                file, aside, cause);
    }
}
