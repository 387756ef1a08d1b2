package dev.keel.app.console;

import java.time.Instant;

/**
 * One point of the console's charts: what flowed in the interval that ended at {@code time}.
 * Rates are per second over the interval; queue depths are as seen at {@code time}.
 *
 * @param time the end of the interval
 * @param acceptedHttp events ingest acknowledged over HTTP, per second
 * @param acceptedSyslogTcp syslog events read over TCP and handed on, per second
 * @param acceptedSyslogUdp syslog events read over UDP and handed on, per second
 * @param refusedHttp HTTP ingest requests answered 429 or 503 (come back later), per second
 * @param storedEvents event rows storage wrote, per second
 * @param storedAlerts alert rows storage wrote, per second
 * @param alertsRaised alerts detect raised, per second
 * @param ackMeanMs the mean time to a 202 in the interval, milliseconds (0 without any)
 * @param ackMaxMs the longest time to a 202 recently (Micrometer's decaying maximum), milliseconds
 * @param detectQueued events waiting in detect's queues
 * @param storageQueued rows waiting in storage's queues
 */
public record FlowSample(Instant time, double acceptedHttp, double acceptedSyslogTcp, double acceptedSyslogUdp,
        double refusedHttp, double storedEvents, double storedAlerts, double alertsRaised, double ackMeanMs,
        double ackMaxMs, long detectQueued, long storageQueued) {}
