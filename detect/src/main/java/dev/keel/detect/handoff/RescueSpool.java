package dev.keel.detect.handoff;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Local files for events and alerts that detect accepted but could not hand to storage (storage
 * closed, or still full at the stop deadline). One JSON-lines file per rescue, written under a
 * hidden temporary name and then renamed, so a reader never sees half a file. Files are
 * replayed by {@link SpoolReplayer} and deleted once handed on.
 */
public final class RescueSpool {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path directory;
    /** Files found by the last {@link #recount()}: what the status shows without touching the disk. */
    private volatile int waiting;

    public RescueSpool(Path directory) {
        this.directory = directory;
    }

    /** Counts the files waiting on disk; the status shows this count until the next recount. */
    public int recount() throws IOException {
        int files = pending().size();
        waiting = files;
        return files;
    }

    /** Spool files waiting for replay, as of the last {@link #recount()} (every write and replay pass ends with one). */
    public int waiting() {
        return waiting;
    }

    public Path directory() {
        return directory;
    }

    /** Writes the items to a new spool file and returns it; throws if they could not be written. */
    public Path write(SpoolKind kind, List<?> items) throws IOException {
        Files.createDirectories(directory);
        String name = kind.prefix() + String.format("%014d-%08d", System.currentTimeMillis(),
                SEQUENCE.incrementAndGet()) + ".jsonl";
        Path file = writeAtomically(directory.resolve(name), items);
        try {
            recount();
        } catch (IOException uncounted) {
            // The items are safe on disk; only the status figure is stale until the next recount.
        }
        return file;
    }

    /** Replaces a partly replayed file by one holding only what is left. */
    public void rewrite(Path file, List<?> rest) throws IOException {
        writeAtomically(file, rest);
    }

    private static Path writeAtomically(Path file, List<?> items) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            for (Object item : items) {
                out.write(JSON.writeValueAsString(item));
                out.write('\n');
            }
        }
        return Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The spool files waiting for replay, oldest first. */
    public List<Path> pending() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> kindOf(f) != null).sorted(Comparator.comparing(RescueSpool::order)).toList();
        }
    }

    /** Files sort by the time in their name, whatever their kind. */
    private static String order(Path file) {
        return file.getFileName().toString().substring(kindOf(file).prefix().length());
    }

    public static SpoolKind kindOf(Path file) {
        return SpoolKind.ofFile(file.getFileName().toString());
    }

    /**
     * The items of a spool file, {@link Event}s or {@link Alert}s as its kind says; throws a
     * {@link tools.jackson.core.JacksonException} if a line does not parse as one.
     */
    public <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> items = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                items.add(JSON.readValue(line, type));
            }
        }
        return items;
    }

    /** Removes a file that is replayed. */
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /** Moves a file that does not parse out of the replay's way, never deleting it. */
    public Path setAside(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
        Files.move(file, aside);
        return aside;
    }
}
