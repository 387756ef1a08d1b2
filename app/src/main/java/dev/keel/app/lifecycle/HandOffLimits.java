package dev.keel.app.lifecycle;

import dev.keel.detect.DetectProperties;
import dev.keel.ingest.IngestProperties;

/**
 * Checks at start-up that what ingest hands detect in one offer fits detect's queue: an offer is
 * all-or-nothing, so a larger one could never be accepted and its clients would be told to retry
 * for ever.
 */
public final class HandOffLimits {

    private HandOffLimits() {}

    public static void check(IngestProperties ingest, DetectProperties detect) {
        int capacity = detect.queueCapacity();
        requireFits("keel.ingest.http.max-events", ingest.http().maxEvents(), capacity);
        requireFits("keel.ingest.syslog.batch-size", ingest.syslog().batchSize(), capacity);
    }

    private static void requireFits(String property, int value, int capacity) {
        if (value > capacity) {
            throw new ConflictingSettingsException(property + " is " + value + " but keel.detect.queue-capacity is "
                    + capacity + ": one offer of that many events could never fit in detect's queue.",
                    "Lower " + property + " to at most " + capacity + ", or raise keel.detect.queue-capacity.");
        }
    }
}
