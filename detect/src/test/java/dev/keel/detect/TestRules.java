package dev.keel.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Rule files and properties for tests. */
public final class TestRules {

    private TestRules() {}

    /** Writes {@code yaml} to {@code dir/name} atomically (as an editor saving a file would end up). */
    public static Path write(Path dir, String name, String yaml) {
        try {
            Path target = dir.resolve(name);
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.writeString(temporary, yaml);
            return Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a test resource (such as {@code sigmahq/supported/x.yml}) into {@code dir}. */
    public static Path copyResource(String resource, Path dir) {
        try (var in = TestRules.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            Files.createDirectories(dir);
            Path target = dir.resolve(Path.of(resource).getFileName().toString());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Properties bound the way Spring binds them: {@code keel.detect.} + each key (kebab-case)
     * with its value; everything else at its default. Short stop timeout and sweep for tests.
     */
    public static DetectProperties properties(Path rulesDir, Path rescueDir, String... keysAndValues) {
        Map<String, String> source = new HashMap<>();
        source.put("keel.detect.rules-dir", rulesDir.toString());
        source.put("keel.detect.rescue-dir", rescueDir.toString());
        source.put("keel.detect.stop-timeout", "5s");
        source.put("keel.detect.reload-debounce", "100ms");
        source.put("keel.detect.correlation.sweep-interval", "200ms");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            source.put("keel.detect." + keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate("keel.detect", DetectProperties.class);
    }
}
