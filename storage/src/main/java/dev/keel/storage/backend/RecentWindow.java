package dev.keel.storage.backend;

import java.time.Duration;
import java.util.List;

/**
 * How reads of recent rows stay cheap on a large table: they look at a window of the newest
 * timestamps first (the tables are ordered by timestamp, so only that range is read), and widen
 * it only when it holds fewer rows than asked for. Rows dated more than {@link #FUTURE_SKEW}
 * ahead of now (a client with a wrong clock) are left out, so that one of them cannot sit on top
 * of every read until its date comes.
 */
public final class RecentWindow {

    /** The windows tried in turn, newest first; after the last, the whole table. */
    public static final List<Duration> WIDENING = List.of(Duration.ofHours(1), Duration.ofDays(1),
            Duration.ofDays(31), Duration.ofDays(366));

    /** How far ahead of now a row's timestamp may be and still count as recent. */
    public static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

    private RecentWindow() {}
}
