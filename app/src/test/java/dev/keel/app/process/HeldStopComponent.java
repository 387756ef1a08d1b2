package dev.keel.app.process;

import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test-only component whose stop lasts until the test creates a file: a stop exactly as long
 * as the test needs, on a fast machine or a slow one. Its worker logs {@value #HOLDING} when the
 * stop reaches it, then watches for the file (or is interrupted at the stop timeout).
 */
public final class HeldStopComponent extends Component {

    public static final String NAME = "held";
    public static final String HOLDING = "holding the stop until the release file exists";
    /** Spring's per-phase timeout must exceed it (start-up checks), and it bounds a test that never releases. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger log = LoggerFactory.getLogger(HeldStopComponent.class);

    private final Path release;

    public HeldStopComponent(LifecycleEnvironment environment, Path release) {
        super(NAME, STOP_TIMEOUT, environment);
        this.release = release;
    }

    @Override
    protected void startUp(Workers workers) {
        workers.worker("holder").platform().task(context -> {
            while (!context.awaitStop(Duration.ofMinutes(1))) {
                // running until the stop
            }
            // Watching before looking, so a file created in between is still seen; take() wakes on
            // the creation itself, or is interrupted at the stop timeout.
            try (WatchService watch = release.getFileSystem().newWatchService()) {
                release.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                log.info(HOLDING + ": {}", release);
                while (!Files.exists(release)) {
                    WatchKey key = watch.take();
                    key.pollEvents();
                    key.reset();
                }
            }
        });
    }
}
