package dev.keel.detect.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The field mappings detect applies to every event before its rules see it, in the spirit of
 * pySigma's processing pipelines, but on the event rather than the rules: one compiled rule
 * set then serves events from every shipper at once (Winlogbeat and NXLog side by side), where
 * rewriting the rules would compile the corpus once per input format. Stored events are not
 * changed; alerts name the events as stored. Steps run in the configured order, across files.
 * Immutable; safe from many threads.
 */
public final class FieldMappings {

    /** What Keel ships, applied unless configured otherwise: each only touches events that look like its input. */
    public static final List<String> SHIPPED = List.of("winlogbeat", "nxlog", "windows", "auditd", "syslog");

    private static final FieldMappings NONE = new FieldMappings(List.of());

    private final List<MappingStep> steps;

    private FieldMappings(List<MappingStep> steps) {
        this.steps = List.copyOf(steps);
    }

    public static FieldMappings none() {
        return NONE;
    }

    /**
     * @param names shipped mappings by name ({@link #SHIPPED}) and files of one's own (a path to a
     *     {@code .yml} file), in the order their steps run
     * @throws IllegalArgumentException naming the mapping and every problem in it
     */
    public static FieldMappings load(List<String> names, Duration regexTimeout) {
        List<MappingStep> steps = new ArrayList<>();
        for (String name : names) {
            steps.addAll(MappingFile.parse(read(name), name, regexTimeout));
        }
        return new FieldMappings(steps);
    }

    private static String read(String name) {
        if (SHIPPED.contains(name)) {
            try (InputStream shipped = FieldMappings.class.getResourceAsStream(name + ".yml")) {
                return new String(shipped.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the shipped field mapping " + name, e);
            }
        }
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("field mapping " + name + ": neither a shipped mapping (" + String.join(
                    ", ", SHIPPED) + ") nor a readable file");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("field mapping " + name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** In the order they run. */
    public List<MappingStep> steps() {
        return steps;
    }
}
