package dev.keel.ingest.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates event ids for events that arrive without one: UUID version 7 (RFC 9562), whose
 * leading 48 bits are the epoch milliseconds, so ids sort roughly by time (kind to ClickHouse's
 * primary index). The random bits come from {@link ThreadLocalRandom}: ids must be unique, not
 * unguessable, and {@link UUID#randomUUID()}'s SecureRandom would be the bottleneck of ingest.
 */
public final class EventIds {

    private EventIds() {}

    /** A new version 7 UUID for {@code epochMillis}, as its canonical string. */
    public static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
