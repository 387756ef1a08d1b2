package dev.keel.lifecycle;

/** The answer of a {@link WorkQueue} to an offer. */
public enum Admission {
    /** Everything offered is queued. */
    ACCEPTED,
    /** Nothing was queued: there is not room for all of it. Try again later (HTTP 429). */
    FULL,
    /** Nothing was queued: the queue is closed because its owner is stopping (HTTP 503). */
    CLOSED;

    public boolean accepted() {
        return this == ACCEPTED;
    }
}
