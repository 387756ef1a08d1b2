package dev.keel.app;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The first SIGINT or SIGTERM stops the service as the JVM always does (its shutdown hooks run:
 * Spring's graceful shutdown, then the components in reverse start order, each within its stop
 * timeout, then exit with status 128 + the signal's number: 130, 143). Every later SIGINT or SIGTERM is
 * logged and ignored. Without this, a second signal arriving while the stop runs replaces the exit
 * status: Ctrl-C on {@code mvn spring-boot:run} sends the service SIGINT, and the plugin sends
 * SIGTERM 5 s later if it is still stopping, so a stop longer than 5 s ended in a build failure
 * ("exit code 143"). A repeated signal has nothing to add, since the stop is already bounded;
 * SIGKILL still ends the process at once. Nothing here halts the JVM.
 */
public final class StopSignals {

    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private StopSignals() {}

    /** Replaces the JVM's handlers of SIGINT and SIGTERM; call once, from {@code main}, before the application starts. */
    public static void install() {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), StopSignals::handle);
            } catch (IllegalArgumentException notOurs) {
                // -Xrs, or an embedding process that owns the signal: leave it as it is.
                log.info("SIG{} keeps its handler ({}): a second signal during the stop may change the exit status",
                        name, notOurs.getMessage());
            }
        }
    }

    private static void handle(Signal received) {
        if (STOPPING.compareAndSet(false, true)) {
            // What the JVM's own handler does; returns only once the shutdown hooks are done.
            Runtime.getRuntime().exit(128 + received.getNumber());
        } else {
            log.info("SIG{} ignored: the stop that the first signal began is still running, bounded by the "
                    + "components' stop timeouts", received.getName());
        }
    }
}
