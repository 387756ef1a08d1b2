package dev.keel.detect.correlation;

/**
 * The state of one correlation group. Membership is decided by event time (the events'
 * {@code timestamp}, never later than their {@code receivedAt}); expiry by the processing clock,
 * so replays of old events correlate while they flow, and nothing stays in memory longer than
 * about one timespan after its last counted event. Guarded by the owning {@link CorrelationWindows}.
 */
abstract class Window {

    final GroupKey key;
    long openedAt;
    long touchedAt;

    Window(GroupKey key, long now) {
        this.key = key;
        this.openedAt = now;
        this.touchedAt = now;
    }

    /**
     * Counts one event; a hit when the condition now holds (the window then starts afresh).
     *
     * @param source the position, in the correlation's rules, of the rule the event matched (temporal types)
     */
    abstract CorrelationHit add(int source, long eventTime, String eventId, String value, long now);

    /** True when the window may be dropped (after {@link #close()}). */
    abstract boolean expired(long now);

    /** The hit due when the window ends, if its condition holds then; null otherwise. */
    abstract CorrelationHit close();

    /** True when ending the window now would throw away events counted towards a decision not yet made. */
    abstract boolean undecided();

    /** Events or values held: what the rule's entry budget counts. */
    abstract int held();
}
