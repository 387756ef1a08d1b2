package dev.keel.ingest.syslog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.ingest.support.Meters;
import dev.keel.ingest.support.QueueSink;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.ingest.support.TestThreads;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The parse workers' delivery and the pool's rescue, against real downstreams. */
class SyslogDeliveryTest {

    private static final long RECEIVED = 1_700_000_000_000L;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SyslogMetrics metrics = new SyslogMetrics(meters);
    private final SyslogEventMapper mapper = new SyslogEventMapper(ZoneOffset.UTC);
    private final Logger deliveryLog = (Logger) LoggerFactory.getLogger(SyslogDelivery.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        deliveryLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        deliveryLog.detachAppender(logged);
    }

    @Test
    void leftoversAreOfferedInBatchesOfBatchSizeAndOnlyWhatDoesNotFitIsCountedUndelivered() {
        QueueSink downstream = new QueueSink(10);
        SyslogDelivery delivery = new SyslogDelivery(downstream, mapper, metrics, "ingest", 4);

        delivery.rescue(frames(25), new CancellationException("25 items still queued at the stop deadline"));

        assertThat(downstream.drain()).extracting(Event::message)
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
        assertThat(accepted()).isEqualTo(8);
        assertThat(undelivered()).as("only the 17 that found no room").isEqualTo(17);
    }

    @Test
    void aFrameThatCannotBeMappedAtAllIsCountedUndeliveredAndTheRestOfItsBatchIsDelivered() throws Exception {
        RecordingSink downstream = RecordingSink.accepting();
        SyslogDelivery delivery = new SyslogDelivery(downstream, mapper, metrics, "ingest", 4);
        // A frame without bytes stands in for any frame the mapper throws on.
        SyslogFrame unmappable = new SyslogFrame(null, SyslogTransport.TCP, "127.0.0.1:5000", RECEIVED, null);

        delivery.deliver(List.of(frame("<13>one"), unmappable, frame("<13>three")));

        assertThat(downstream.events()).extracting(Event::message).containsExactly("one", "three");
        assertThat(accepted()).isEqualTo(2);
        assertThat(undelivered()).isEqualTo(1);
    }

    @Test
    void logLinesNameTheWorkerThatWritesThem() throws Exception {
        SyslogDelivery delivery = new SyslogDelivery(RecordingSink.full(), mapper, metrics, "ingest", 4);
        // On a thread named as a pool worker's; what it throws fails the test at the join.
        TestThreads.start("keel-ingest-syslog-parser-2",
                () -> delivery.rescue(frames(3), new IllegalStateException("downstream is closed")))
                .join(Duration.ofSeconds(30));
        delivery.rescue(frames(1), new CancellationException("still queued at the stop deadline"));

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "ingest/syslog-parser-2: 3 syslog events were read but downstream did not take them (FULL;"
                        + " java.lang.IllegalStateException: downstream is closed); counted in"
                        + " keel.ingest.events.undelivered",
                "ingest/syslog-parser: 1 syslog events were read but downstream did not take them (FULL;"
                        + " java.util.concurrent.CancellationException: still queued at the stop deadline); counted in"
                        + " keel.ingest.events.undelivered");
    }

    private double accepted() {
        return Meters.count(meters, "keel.ingest.events.accepted", "source", "syslog");
    }

    private double undelivered() {
        return Meters.count(meters, "keel.ingest.events.undelivered", "source", "syslog");
    }

    private static List<SyslogFrame> frames(int n) {
        List<SyslogFrame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(frame("<13>m" + i));
        }
        return frames;
    }

    private static SyslogFrame frame(String text) {
        return new SyslogFrame(text.getBytes(UTF_8), SyslogTransport.TCP, "127.0.0.1:5000", RECEIVED, null);
    }
}
