package dev.keel.detect;

import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerInfo;
import dev.keel.lifecycle.WorkerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/**
 * A detect component over recording sinks, with its meters and a manual clock (window expiry,
 * breaker open duration and idleness move only when the test advances it), for tests that start one.
 */
final class ComponentFixture implements AutoCloseable {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecordingEventSink events = new RecordingEventSink();
    final RecordingAlertSink alerts = new RecordingAlertSink();
    final ManualClock clock = new ManualClock();
    final Path rules;
    final DetectComponent detect;

    ComponentFixture(Path dir, String... properties) {
        this.rules = dir.resolve("rules");
        this.detect = new DetectComponent(TestRules.properties(rules, dir.resolve("rescue"), properties), events,
                alerts, new LifecycleEnvironment(WorkerRegistry.shared(), meters), clock::millis);
    }

    ComponentFixture rule(String file, String yaml) {
        TestRules.write(rules, file, yaml);
        return this;
    }

    ComponentFixture start() {
        detect.start();
        return this;
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    double gauge(String name, String... tags) {
        var gauge = meters.find(name).tags(tags).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    /** True while a worker of this name (or of this pool) of detect is alive. */
    boolean running(String worker) {
        return WorkerRegistry.shared().snapshot(DetectComponent.NAME).stream().map(WorkerInfo::name)
                .anyMatch(worker::equals);
    }

    @Override
    public void close() {
        detect.stop();
    }
}
