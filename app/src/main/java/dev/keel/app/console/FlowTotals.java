package dev.keel.app.console;

import java.time.Instant;

/** Running totals read at one moment; two of them make a {@link FlowSample}. */
record FlowTotals(Instant time, long nanos, double acceptedHttp, double acceptedSyslogTcp,
        double acceptedSyslogUdp, double refusedHttp, double storedEvents, double storedAlerts,
        double alertsRaised, long acks, double ackTotalMs, double ackMaxMs, long detectQueued, long storageQueued) {

    /** What flowed from {@code earlier} to this moment, per second. */
    FlowSample since(FlowTotals earlier) {
        double seconds = Math.max(1e-3, (nanos - earlier.nanos) / 1e9);
        long newAcks = acks - earlier.acks;
        return new FlowSample(time,
                rate(acceptedHttp - earlier.acceptedHttp, seconds),
                rate(acceptedSyslogTcp - earlier.acceptedSyslogTcp, seconds),
                rate(acceptedSyslogUdp - earlier.acceptedSyslogUdp, seconds),
                rate(refusedHttp - earlier.refusedHttp, seconds),
                rate(storedEvents - earlier.storedEvents, seconds),
                rate(storedAlerts - earlier.storedAlerts, seconds),
                rate(alertsRaised - earlier.alertsRaised, seconds),
                newAcks > 0 ? round((ackTotalMs - earlier.ackTotalMs) / newAcks) : 0,
                round(ackMaxMs),
                detectQueued, storageQueued);
    }

    /** Never negative: a meter registered anew (a restarted component's) starts again from zero. */
    private static double rate(double delta, double seconds) {
        return round(Math.max(0, delta) / seconds);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
