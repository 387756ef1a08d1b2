package dev.keel.app.endtoend;

import dev.keel.storage.StorageCounters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one life of the application saw: what the clients sent and got acknowledged, and what
 * the application counted, read after its context had closed.
 *
 * @param run the run's label, the prefix of its event ids and syslog marks
 * @param httpSent ids of every event posted
 * @param httpAcknowledged ids of the events a 202 acknowledged
 * @param httpFlaggedSent ids of the posted events the load rule raises an alert for
 * @param httpAnswers answers by status code (or the exception that ended a client)
 * @param httpUnexpected answers no client should get
 * @param httpAcknowledgedAfterStopBegan events acknowledged while the context was already closing
 * @param preStopConnections connection names of the syslog messages sent and read before the stop
 * @param preStopMessages messages on each of those connections
 * @param tcpWritten per TCP stream, the messages it wrote completely before the stop closed it
 * @param tcpClosedByService the TCP streams whose connection the service closed
 * @param udpSent datagrams sent
 * @param replayedAtStart spooled rows (events + alerts) the start replayed before the load
 * @param meters what ingest and detect counted
 * @param storage storage's counters after its stop
 * @param storagePendingAtClose events queued or in flight in storage when the close began (for the report)
 * @param cleanStops per component, whether its last stop was clean (no stuck worker)
 * @param stopTook how long closing the context took
 */
record LoadRun(String run, Set<String> httpSent, Set<String> httpAcknowledged, Set<String> httpFlaggedSent,
        Map<String, Integer> httpAnswers, List<String> httpUnexpected, long httpAcknowledgedAfterStopBegan,
        List<String> preStopConnections, int preStopMessages, Map<String, Integer> tcpWritten,
        Set<String> tcpClosedByService, int udpSent, long replayedAtStart, PipelineMeters meters,
        StorageCounters storage, long storagePendingAtClose, Map<String, Boolean> cleanStops, Duration stopTook) {

    String summary() {
        return "run " + run + ": HTTP answers " + httpAnswers + ", " + httpAcknowledged.size()
                + " events acknowledged ("
                + httpAcknowledgedAfterStopBegan + " after the close began); syslog TCP written " + tcpWritten
                + ", UDP sent " + udpSent + "; " + meters + "; " + storage + "; " + storagePendingAtClose
                + " events queued or in flight in storage when the close began; close took " + stopTook.toMillis()
                + " ms";
    }
}
