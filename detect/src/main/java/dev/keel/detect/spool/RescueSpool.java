package dev.keel.detect.spool;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Local files for events and alerts that detect accepted but could not hand to storage (storage
 * closed, or still full at the stop deadline). One JSON-lines file per rescue, written under a
 * hidden temporary name and then renamed, so a reader never sees half a file. Files are
 * replayed at the next start by {@link SpoolReplayer} and deleted once handed on.
 */
public final class RescueSpool {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path directory;
    /** Spool files waiting for replay, kept without touching the disk (status must not block). */
    private final AtomicInteger waiting = new AtomicInteger();

    public RescueSpool(Path directory) {
        this.directory = directory;
    }

    /** Counts the files on disk again (at start); {@link #waiting()} follows writes and replays after that. */
    public int recount() throws IOException {
        int files = pending().size();
        waiting.set(files);
        return files;
    }

    /** Spool files waiting for replay, as of the last recount and the writes and replays since. */
    public int waiting() {
        return waiting.get();
    }

    public Path directory() {
        return directory;
    }

    /** Writes the items to a new spool file and returns it; throws if they could not be written. */
    public Path write(SpoolKind kind, List<?> items) throws IOException {
        Files.createDirectories(directory);
        String name = kind.prefix() + String.format("%014d-%08d", System.currentTimeMillis(),
                SEQUENCE.incrementAndGet()) + ".jsonl";
        Path temporary = directory.resolve("." + name + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            for (Object item : items) {
                out.write(JSON.writeValueAsString(item));
                out.write('\n');
            }
        }
        Path file = directory.resolve(name);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        waiting.incrementAndGet();
        return file;
    }

    /** The spool files waiting for replay, oldest first. */
    public List<Path> pending() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> SpoolKind.ofFile(f.getFileName().toString()) != null)
                    .sorted((a, b) -> order(a).compareTo(order(b)))
                    .toList();
        }
    }

    /** Files sort by the time in their name, whatever their kind. */
    private static String order(Path file) {
        String name = file.getFileName().toString();
        return name.substring(SpoolKind.ofFile(name).prefix().length());
    }

    public static SpoolKind kindOf(Path file) {
        return SpoolKind.ofFile(file.getFileName().toString());
    }

    public List<Event> readEvents(Path file) throws IOException {
        return read(file, Event.class);
    }

    public List<Alert> readAlerts(Path file) throws IOException {
        return read(file, Alert.class);
    }

    private static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> items = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                items.add(JSON.readValue(line, type));
            }
        }
        return items;
    }

    /** Replaces a partly replayed file by one holding only what is left. */
    public void rewrite(Path file, List<?> rest) throws IOException {
        Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            for (Object item : rest) {
                out.write(JSON.writeValueAsString(item));
                out.write('\n');
            }
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a file that is replayed, or set aside. */
    public void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            waiting.decrementAndGet();
        }
    }

    /** Moves a file that does not parse out of the replay's way, never deleting it. */
    public Path setAside(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
        Files.move(file, aside);
        waiting.decrementAndGet();
        return aside;
    }
}
