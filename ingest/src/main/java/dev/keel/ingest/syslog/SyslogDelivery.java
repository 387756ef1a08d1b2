package dev.keel.ingest.syslog;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parse workers' job: turn a batch of frames into events and hand them downstream, waiting
 * while downstream is full (the hand-off then fills and TCP readers pause). And the pool's
 * rescue: frames the pool could not finish (still queued at the stop deadline, or in a batch
 * whose handling failed) get one more offer downstream, in batches of batch-size, without
 * waiting; what that does not place is logged and counted as undelivered, never dropped
 * silently. Frames are mapped one by one, so a frame that cannot be mapped at all is counted
 * as undelivered on its own and never takes its batch down with it. Thread-safe: the rescue
 * may run on several workers and the stopping thread at once.
 */
final class SyslogDelivery {

    static final String WORKER = "syslog-parser";

    private static final Logger log = LoggerFactory.getLogger(SyslogDelivery.class);
    private static final Duration OFFER_STEP = Duration.ofMillis(500);

    private final EventSink downstream;
    private final SyslogEventMapper mapper;
    private final SyslogMetrics metrics;
    private final String component;
    private final int batchSize;

    SyslogDelivery(EventSink downstream, SyslogEventMapper mapper, SyslogMetrics metrics, String component,
            int batchSize) {
        this.downstream = downstream;
        this.mapper = mapper;
        this.metrics = metrics;
        this.component = component;
        this.batchSize = batchSize;
    }

    void deliver(List<SyslogFrame> frames) throws InterruptedException {
        List<Event> events = map(frames, true);
        if (events.isEmpty()) {
            return;
        }
        int waits = 0;
        while (true) {
            Admission admission = downstream.offer(events, OFFER_STEP);
            if (admission == Admission.ACCEPTED) {
                metrics.accepted(events);
                return;
            }
            if (admission == Admission.CLOSED) {
                // Downstream stops after ingest; closed now means the wiring is wrong. The rescue counts them.
                throw new IllegalStateException("downstream is closed; " + events.size()
                        + " syslog events cannot be handed on");
            }
            if (++waits == 10) {
                log.warn("{}: downstream has been full for 5 s; syslog readers are paused until it takes"
                        + " this batch of {}", who(), events.size());
            }
        }
    }

    void rescue(List<SyslogFrame> frames, Throwable cause) {
        // Frames still queued at the deadline were never mapped; a failed batch was, and counted then.
        List<Event> events = map(frames, cause instanceof CancellationException);
        int handed = 0;
        String refusal = null;
        while (handed < events.size() && refusal == null) {
            List<Event> chunk = List.copyOf(events.subList(handed, Math.min(events.size(), handed + batchSize)));
            try {
                Admission admission = downstream.offer(chunk);
                if (admission == Admission.ACCEPTED) {
                    metrics.accepted(chunk);
                    handed += chunk.size();
                } else {
                    refusal = admission.toString();
                }
            } catch (RuntimeException e) {
                refusal = e.toString();
            }
        }
        if (handed > 0) {
            log.warn("{}: handed {} unfinished syslog events downstream ({})", who(), handed, cause.toString());
        }
        int left = events.size() - handed;
        if (left > 0) {
            metrics.undelivered(left);
            log.error("{}: {} syslog events were read but downstream did not take them ({}; {}); counted in"
                    + " keel.ingest.events.undelivered", who(), left, refusal, cause.toString());
        }
    }

    /**
     * Maps frame by frame. A frame the mapper throws on (it keeps unparsable frames as raw events,
     * so only a bug gets here) is counted as undelivered the first time and left out.
     */
    private List<Event> map(List<SyslogFrame> frames, boolean firstTime) {
        List<Event> events = new ArrayList<>(frames.size());
        for (SyslogFrame frame : frames) {
            SyslogEventMapper.Mapped mapped;
            try {
                mapped = mapper.map(frame);
            } catch (RuntimeException bug) {
                if (firstTime) {
                    metrics.undelivered(1);
                    log.error("{}: a syslog frame from {} could not be mapped to an event; counted in"
                            + " keel.ingest.events.undelivered", who(), frame.peer(), bug);
                }
                continue;
            }
            if (firstTime && mapped.malformed()) {
                metrics.malformed(frame.transport());
            }
            events.add(mapped.event());
        }
        return events;
    }

    /**
     * {@code component/worker-id} of the pool worker running this (its thread is named
     * {@code keel-<component>-<id>}); the pool's name when the stopping thread rescues.
     */
    private String who() {
        String thread = Thread.currentThread().getName();
        String prefix = "keel-" + component + "-";
        String worker = thread.startsWith(prefix + WORKER) ? thread.substring(prefix.length()) : WORKER;
        return component + "/" + worker;
    }
}
