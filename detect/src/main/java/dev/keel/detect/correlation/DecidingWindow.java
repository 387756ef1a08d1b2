package dev.keel.detect.correlation;

/**
 * A window that decides as events arrive (lower bounds only, and the temporal types): it ends a
 * timespan after its last counted event on the processing clock, and ended early it has nothing
 * to say, so what it holds then is undecided.
 */
abstract class DecidingWindow extends Window {

    final long span;

    DecidingWindow(GroupKey key, long now, long spanMillis) {
        super(key, now);
        this.span = spanMillis;
    }

    @Override
    final boolean expired(long now) {
        return now - touchedAt >= span;
    }

    @Override
    final CorrelationHit close() {
        return null;
    }

    @Override
    final boolean undecided() {
        return held() > 0;
    }
}
