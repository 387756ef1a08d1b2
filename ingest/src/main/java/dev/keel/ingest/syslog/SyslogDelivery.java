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
 * whose handling failed) get one more offer downstream without waiting; what that does not
 * place is logged and counted as undelivered, never dropped silently.
 */
final class SyslogDelivery {

    static final String WORKER = "syslog-parser";

    private static final Logger log = LoggerFactory.getLogger(SyslogDelivery.class);
    private static final Duration OFFER_STEP = Duration.ofMillis(500);

    private final EventSink downstream;
    private final SyslogEventMapper mapper;
    private final SyslogMetrics metrics;
    private final String component;

    SyslogDelivery(EventSink downstream, SyslogEventMapper mapper, SyslogMetrics metrics, String component) {
        this.downstream = downstream;
        this.mapper = mapper;
        this.metrics = metrics;
        this.component = component;
    }

    void deliver(List<SyslogFrame> frames) throws InterruptedException {
        List<Event> events = map(frames);
        int waits = 0;
        while (true) {
            Admission admission = downstream.offer(events, OFFER_STEP);
            if (admission == Admission.ACCEPTED) {
                metrics.accepted(events.size());
                return;
            }
            if (admission == Admission.CLOSED) {
                // Downstream stops after ingest; closed now means the wiring is wrong. The rescue counts them.
                throw new IllegalStateException("downstream is closed; " + events.size()
                        + " syslog events cannot be handed on");
            }
            if (++waits == 10) {
                log.warn("{}/{}: downstream has been full for 5 s; syslog readers are paused until it takes"
                        + " this batch of {}", component, WORKER, events.size());
            }
        }
    }

    void rescue(List<SyslogFrame> frames, Throwable cause) {
        // Frames still queued at the deadline were never mapped; a failed batch was, and counted.
        List<Event> events = cause instanceof CancellationException ? map(frames)
                : frames.stream().map(frame -> mapper.map(frame).event()).toList();
        Admission admission = downstream.offer(events);
        if (admission == Admission.ACCEPTED) {
            metrics.accepted(events.size());
            log.warn("{}/{}: handed {} unfinished syslog events downstream ({})", component, WORKER, events.size(),
                    cause.toString());
            return;
        }
        metrics.undelivered(events.size());
        log.error("{}/{}: {} syslog events were read but downstream did not take them ({}; {}); counted in"
                + " keel.ingest.events.undelivered", component, WORKER, events.size(), admission, cause.toString());
    }

    private List<Event> map(List<SyslogFrame> frames) {
        List<Event> events = new ArrayList<>(frames.size());
        for (SyslogFrame frame : frames) {
            SyslogEventMapper.Mapped mapped = mapper.map(frame);
            if (mapped.malformed()) {
                metrics.malformed(frame.transport());
            }
            events.add(mapped.event());
        }
        return events;
    }
}
