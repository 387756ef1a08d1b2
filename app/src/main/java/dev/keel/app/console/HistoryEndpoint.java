package dev.keel.app.console;

import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/history}: the flow over the last {@code keel.console.history}, one sample per
 * {@code keel.console.sample-interval}, oldest first. The console draws its charts from it;
 * scripts may read it too (the fields are documented in docs/operations.md).
 */
@Endpoint(id = "history")
public class HistoryEndpoint {

    private final FlowHistory history;
    private final ConsoleProperties properties;

    public HistoryEndpoint(FlowHistory history, ConsoleProperties properties) {
        this.history = history;
        this.properties = properties;
    }

    @ReadOperation
    public HistoryReport history() {
        return new HistoryReport(properties.sampleInterval().toMillis(), history.capacity(), history.samples());
    }

    /**
     * @param intervalMs milliseconds between samples
     * @param capacity the most samples kept
     * @param samples oldest first
     */
    public record HistoryReport(long intervalMs, int capacity, List<FlowSample> samples) {}
}
