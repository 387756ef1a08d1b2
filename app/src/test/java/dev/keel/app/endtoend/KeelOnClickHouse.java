package dev.keel.app.endtoend;

import dev.keel.app.support.RunningKeel;
import dev.keel.storage.testing.ClickHouseHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole application on a ClickHouse database, configured as a user would (command-line
 * properties): {@code keel.storage.backend=clickhouse}, the server's URL and credentials, a
 * database of the test's own, and a private directory (DuckDB is not used; the spool, the
 * local dead letters, detect's rescue spool and the rules live there). Rule files come from
 * {@code src/test/resources/endtoend/rules/<set>/}.
 */
final class KeelOnClickHouse {

    private KeelOnClickHouse() {}

    static RunningKeel start(ClickHouseHttp clickhouse, String database, Path directory, String ruleSet,
            Map<String, Object> overrides) {
        installRules(ruleSet, directory.resolve("rules"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("keel.storage.backend", "clickhouse");
        properties.put("keel.storage.clickhouse.url", clickhouse.url());
        properties.put("keel.storage.clickhouse.username", clickhouse.username());
        properties.put("keel.storage.clickhouse.password", clickhouse.password());
        properties.put("keel.storage.database", database);
        // Storage's stop keeps its default 20 s: with ClickHouse up it must write, without the spool, the
        // backlog the queue capacities bound (about 70,000 rows), which a loaded machine does in a few seconds.
        // client-v2 logs every failed request at WARN; storage logs what matters once.
        properties.put("logging.level.com.clickhouse", "error");
        properties.putAll(overrides);
        return RunningKeel.start(directory, properties);
    }

    /** Copies the rule files of {@code ruleSet} into {@code rulesDir} (replacing what is there). */
    static void installRules(String ruleSet, Path rulesDir) {
        URL source = KeelOnClickHouse.class.getResource("/endtoend/rules/" + ruleSet);
        if (source == null) {
            throw new IllegalArgumentException("no rule set endtoend/rules/" + ruleSet + " in the test resources");
        }
        try (Stream<Path> files = Files.list(Path.of(source.toURI()))) {
            Files.createDirectories(rulesDir);
            for (Path file : files.toList()) {
                Files.copy(file, rulesDir.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
