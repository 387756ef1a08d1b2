package dev.keel.app.lifecycle;

import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The {@code SmartLifecycle} phases of Keel's components. Spring starts lower phases first and
 * stops higher phases first, so storage starts first and stops last, ingest starts last and
 * stops first, and everything accepted upstream is drained downstream before its consumer stops.
 *
 * <p>All of them sit below the web server's phases: the server drains in-flight HTTP requests at
 * {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE} and stops at
 * {@link WebServerApplicationContext#START_STOP_LIFECYCLE_PHASE}, so no request can reach ingest
 * after ingest has stopped. A component left at the default phase ({@code Integer.MAX_VALUE})
 * would stop before the server drains.
 */
public final class KeelPhases {

    /**
     * The console's flow sampler: the last of Keel's components to start and the first to stop,
     * once the web server has stopped, so that its last samples show the drain.
     */
    public static final int CONSOLE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 256;

    /**
     * The ingest port's connection guard: starts after ingest, just before the server accepts,
     * and stops once the server has stopped, before ingest.
     */
    public static final int HTTP = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 512;

    /** Stops first of the data path, once HTTP has drained: stops reading, hands everything read to detect. */
    public static final int INGEST = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1024;

    /** Stops second: matches what ingest handed over and passes it all to storage. */
    public static final int DETECT = INGEST - 1024;

    /** Stops last: writes everything it was given, or spools it for the next start. */
    public static final int STORAGE = DETECT - 1024;

    private KeelPhases() {}
}
