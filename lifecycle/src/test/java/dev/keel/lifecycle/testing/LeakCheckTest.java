package dev.keel.lifecycle.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.Workers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The leak check, tested by running small test classes through the JUnit engine inside this
 * test: a leaking one must fail (without failing this build), a clean one must pass.
 */
class LeakCheckTest {

    /** Released after each test, so what the fixtures leaked on purpose ends. */
    static volatile CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseLeaks() throws Exception {
        release.countDown();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> WorkerRegistry.shared().snapshot("leaky").isEmpty()
                        && Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("raw-leak")));
        release = new CountDownLatch(1);
    }

    @Test
    void failsATestThatLeavesAPlatformThreadRunningAndShowsItsStack() {
        Throwable failure = singleFailure(LeaksAPlatformThread.class);
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"raw-leak\"")
                .hasMessageContaining("awaitRelease");
    }

    @Test
    void failsATestThatLeavesATrackedVirtualWorkerRunning() {
        Throwable failure = singleFailure(LeaksAVirtualWorker.class);
        assertThat(failure).hasMessageContaining("tracked worker listener")
                .hasMessageContaining("keel-leaky-listener")
                .hasMessageContaining("virtual")
                .hasMessageContaining("awaitRelease");
    }

    @Test
    void passesATestThatStopsWhatItStarted() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(StopsWhatItStarts.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    }

    @Test
    void passesALeakItWasToldToIgnore() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeaksAnIgnoredThread.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    }

    @Test
    void waitsOutTheLingerForThreadsThatAreAlreadyEnding() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ThreadEndsShortlyAfter.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    }

    private static Throwable singleFailure(Class<?> fixture) {
        var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
        events.assertStatistics(stats -> stats.started(1).failed(1));
        Event failed = events.failed().list().getFirst();
        return failed.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    static void awaitRelease() {
        try {
            release.await(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class Leaky extends Component {
        Leaky() {
            super("leaky", Duration.ofSeconds(5), new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
        }

        @Override
        protected void startUp(Workers workers) {
            workers.worker("listener").virtual().task(ctx -> awaitRelease());
        }
    }

    // ---- fixtures, run only through EngineTestKit above --------------------------------------

    static class LeaksAPlatformThread {
        @RegisterExtension
        LeakCheck leaks = LeakCheck.create().linger(Duration.ofMillis(200));

        @Test
        void leaks() {
            Thread.ofPlatform().name("raw-leak").daemon().start(LeakCheckTest::awaitRelease);
        }
    }

    static class LeaksAVirtualWorker {
        @RegisterExtension
        LeakCheck leaks = LeakCheck.create().linger(Duration.ofMillis(200));

        @Test
        void leaks() {
            new Leaky().start();
        }
    }

    static class StopsWhatItStarts {
        @RegisterExtension
        LeakCheck leaks = LeakCheck.create().linger(Duration.ofMillis(200));

        @Test
        void clean() {
            Leaky component = new Leaky();
            component.start();
            release.countDown();
            component.stop();
        }
    }

    static class LeaksAnIgnoredThread {
        @RegisterExtension
        LeakCheck leaks = LeakCheck.create().linger(Duration.ofMillis(200))
                .ignoreThreads("a deliberate leak", LeakCheck.named("raw-leak"));

        @Test
        void leaks() {
            Thread.ofPlatform().name("raw-leak").daemon().start(LeakCheckTest::awaitRelease);
        }
    }

    static class ThreadEndsShortlyAfter {
        @RegisterExtension
        LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

        @Test
        void endsSoon() {
            Thread.ofPlatform().name("raw-leak").daemon().start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
