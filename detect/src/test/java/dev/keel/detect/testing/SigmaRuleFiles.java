package dev.keel.detect.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a Sigma detection rule file from its parts, for tests and benchmarks. */
public final class SigmaRuleFiles {

    private SigmaRuleFiles() {}

    /**
     * Writes {@code <id>.yml} into {@code dir}: title and id {@code id}, level high, the log
     * source parts that are not null, and {@code detection} (the section's body, unindented).
     */
    public static Path write(Path dir, String id, String product, String category, String service,
            String detection) throws IOException {
        StringBuilder yaml = new StringBuilder("title: ").append(id).append("\nid: ").append(id)
                .append("\nlevel: high\nlogsource:\n");
        appendIf(yaml, "product", product);
        appendIf(yaml, "category", category);
        appendIf(yaml, "service", service);
        yaml.append("detection:\n").append(detection.indent(4));
        return Files.writeString(dir.resolve(id + ".yml"), yaml.toString());
    }

    static void appendIf(StringBuilder yaml, String key, String value) {
        if (value != null) {
            yaml.append("    ").append(key).append(": ").append(value).append('\n');
        }
    }
}
