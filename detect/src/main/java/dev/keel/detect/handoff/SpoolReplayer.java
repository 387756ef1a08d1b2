package dev.keel.detect.handoff;

import dev.keel.detect.metrics.DetectMetrics;
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
 * Hands spooled items on: unmatched events into detect's input (so rules see them), matched
 * events to the event sink, alerts to the alert sink, in halving chunks while a target is full
 * ({@link ChunkedHandOff}). The rescue-replay worker runs a pass whenever the spool has files.
 * A pass stops early when the stop is requested (checked after every chunk and between files)
 * or a target closes; a file cut short, also by an interrupt, is rewritten with exactly what is
 * left, so nothing is handed on twice by two passes.
 *
 * <p>Delivery is still at least once, not exactly once: if the process dies between a target
 * accepting a chunk and the file being rewritten, the next pass hands that chunk on again.
 */
public final class SpoolReplayer {

    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);
    private static final Duration WAIT = Duration.ofMillis(200);

    private final String component;
    private final RescueSpool spool;
    private final Target<Event> input;
    private final Target<Event> events;
    private final Target<Alert> alerts;
    private final DetectMetrics metrics;

    public SpoolReplayer(String component, RescueSpool spool, Target<Event> input, Target<Event> events,
            Target<Alert> alerts, DetectMetrics metrics) {
        this.component = component;
        this.spool = spool;
        this.input = input;
        this.events = events;
        this.alerts = alerts;
        this.metrics = metrics;
    }

    /** One pass over the spool, oldest file first; ends with a recount for the status. */
    public void replay(WorkerContext ctx) throws IOException, InterruptedException {
        try {
            for (Path file : spool.pending()) {
                if (ctx.stopRequested()) {
                    return;
                }
                boolean done = switch (RescueSpool.kindOf(file)) {
                    case UNMATCHED -> replay(ctx, file, Event.class, input);
                    case MATCHED -> replay(ctx, file, Event.class, events);
                    case ALERTS -> replay(ctx, file, Alert.class, alerts);
                };
                if (!done) {
                    return;
                }
            }
        } finally {
            spool.recount();
        }
    }

    /** True when the file is done with (replayed or set aside), false when the pass should end here. */
    private <T> boolean replay(WorkerContext ctx, Path file, Class<T> type, Target<T> target)
            throws IOException, InterruptedException {
        List<T> items;
        try {
            items = spool.read(file, type);
        } catch (JacksonException corrupt) {
            Path aside = spool.setAside(file);
            log.error("{}/{}: spool file {} does not parse; moved to {} for a person to look at", component,
                    ctx.workerId(), file, aside, corrupt);
            return true;
        }
        String what = RescueSpool.kindOf(file).item();
        ChunkedHandOff<T> handOff = new ChunkedHandOff<>(items);
        ChunkedHandOff.End end;
        try {
            end = handOff.run(target, WAIT, ctx::stopRequested, () -> {});
        } catch (InterruptedException | RuntimeException cutShort) {
            keepRest(file, handOff, what);
            throw cutShort;
        }
        if (end == ChunkedHandOff.End.ALL_ACCEPTED) {
            spool.delete(file);
            metrics.replayed(what, items.size());
            log.info("{}/{}: replayed {} {} from {}", component, ctx.workerId(), items.size(), what, file);
            return true;
        }
        keepRest(file, handOff, what);
        if (handOff.handedOn() > 0) { // a target still closed is tried again every pass: not worth a line each time
            log.info("{}/{}: replay of {} paused after {} {}, {} left ({})", component, ctx.workerId(), file,
                    handOff.handedOn(), what, handOff.rest().size(),
                    end == ChunkedHandOff.End.CLOSED ? "target closed" : "stopping");
        }
        return false;
    }

    /** What was handed on is counted and leaves the file; the file keeps exactly the rest. */
    private <T> void keepRest(Path file, ChunkedHandOff<T> handOff, String what) throws IOException {
        if (handOff.handedOn() > 0) {
            spool.rewrite(file, handOff.rest());
            metrics.replayed(what, handOff.handedOn());
        }
    }
}
