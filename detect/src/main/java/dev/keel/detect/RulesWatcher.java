package dev.keel.detect;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import dev.keel.lifecycle.WorkerContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The rules-watcher worker: watches the rules directory and every directory below it, and
 * after a change (and {@code reload-debounce} of quiet, since editors write in several steps)
 * runs a reload. Its {@link WatchService} is registered to be closed as soon as stop begins, so
 * the blocked {@code take()} ends at once.
 */
final class RulesWatcher {

    /** What a change triggers. */
    @FunctionalInterface
    interface Reload {
        void run() throws IOException;
    }

    /** Whether the files changed since the last load (cheap: names, sizes, times). */
    @FunctionalInterface
    interface ChangeCheck {
        boolean changed() throws IOException;
    }

    private final Path directory;
    private final Duration debounce;
    private final ChangeCheck changeCheck;
    private final Reload reload;

    RulesWatcher(Path directory, Duration debounce, ChangeCheck changeCheck, Reload reload) {
        this.directory = directory;
        this.debounce = debounce;
        this.changeCheck = changeCheck;
        this.reload = reload;
    }

    /**
     * Watches until stop is requested; one call is the worker's whole life (its loop restarts it
     * after a failure). The watch service is closed when the call ends, however it ends, and
     * registered to be closed as soon as the stop begins.
     */
    void watch(WorkerContext ctx) throws IOException, InterruptedException {
        try (WatchService watcher = ctx.closeOnStop(directory.getFileSystem().newWatchService())) {
            Map<WatchKey, Path> keys = new HashMap<>();
            register(watcher, keys);
            // A change between the last load and this registration would otherwise go unseen.
            if (changeCheck.changed()) {
                reload.run();
            }
            while (!ctx.stopRequested()) {
                WatchKey key = watcher.take();
                settle(key, keys);
                for (WatchKey more = watcher.poll(debounce.toNanos(), TimeUnit.NANOSECONDS); more != null;
                        more = watcher.poll(debounce.toNanos(), TimeUnit.NANOSECONDS)) {
                    settle(more, keys);
                }
                if (ctx.stopRequested()) {
                    return;
                }
                register(watcher, keys);
                reload.run();
            }
        }
    }

    private static void settle(WatchKey key, Map<WatchKey, Path> keys) {
        key.pollEvents();
        if (!key.reset()) {
            keys.remove(key);
        }
    }

    /** Registers directories not yet watched: new subdirectories appear after the watch began. */
    private void register(WatchService watcher, Map<WatchKey, Path> keys) throws IOException {
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path dir : tree.filter(Files::isDirectory).toList()) {
                if (!keys.containsValue(dir)) {
                    keys.put(dir.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), dir);
                }
            }
        }
    }
}
