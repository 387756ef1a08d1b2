package dev.keel.ingest.syslog;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.WorkQueue;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How listeners put frames into the bounded hand-off to the parse workers. TCP waits for room:
 * a reader that cannot hand off does not read, so the sender's TCP window closes and it slows
 * down, and memory stays bounded. UDP cannot slow its sender: a datagram that finds the
 * hand-off full is dropped and counted.
 */
final class FrameHandOff {

    private static final Logger log = LoggerFactory.getLogger(FrameHandOff.class);
    /** How often a waiting TCP reader wakes to say, in the log, that it is still waiting. */
    private static final Duration WAIT_STEP = Duration.ofSeconds(1);

    private final WorkQueue<SyslogFrame> queue;
    private final SyslogMetrics metrics;
    private final String component;
    private final LogThrottle waitLog = new LogThrottle(Duration.ofSeconds(10));
    private final LogThrottle dropLog = new LogThrottle(Duration.ofSeconds(10));

    FrameHandOff(WorkQueue<SyslogFrame> queue, SyslogMetrics metrics, String component) {
        this.queue = queue;
        this.metrics = metrics;
        this.component = component;
    }

    /**
     * Queues a frame read from TCP, waiting as long as it takes: even after stop was requested,
     * since the frame was read and must reach downstream. Only the interrupt at the drain deadline
     * ends the wait; the caller then counts what it still holds with {@link #undelivered}. The
     * caller has counted the frame as read.
     *
     * @return false if the hand-off is closed (only after the drain deadline): the caller counts
     *     this frame and the rest it holds as undelivered
     */
    boolean put(SyslogFrame frame, String worker) throws InterruptedException {
        long waits = 0;
        while (true) {
            Admission admission = queue.offer(frame, WAIT_STEP);
            if (admission == Admission.ACCEPTED) {
                return true;
            }
            if (admission == Admission.CLOSED) {
                return false;
            }
            if (++waits == 5 && waitLog.allow()) {
                log.info("{}/{}: hand-off full for 5 s (downstream slow); not reading from {} until there is room"
                        + " (said at most every 10 s)", component, worker, frame.peer());
            }
        }
    }

    /** Queues a UDP datagram if there is room; otherwise drops and counts it. */
    void offer(SyslogFrame frame, String worker) {
        metrics.frameRead(frame.transport());
        if (queue.offer(frame) != Admission.ACCEPTED) {
            metrics.udpDropped();
            if (dropLog.allow()) {
                log.warn("{}/{}: hand-off full, dropping UDP datagrams (UDP cannot slow its senders);"
                        + " counted in keel.ingest.syslog.udp.dropped", component, worker);
            }
        }
    }

    /** Frames read but never queued (the drain deadline passed while they waited): logged and counted. */
    void undelivered(int frames, String worker, String why) {
        metrics.undelivered(frames);
        log.error("{}/{}: {} syslog frame(s) read but not handed on ({}); counted in keel.ingest.events.undelivered",
                component, worker, frames, why);
    }
}
