package dev.keel.storage.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.StorageProperties;
import dev.keel.storage.backend.AlertColumn;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.Column;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.EventColumn;
import dev.keel.storage.backend.Migration;
import dev.keel.storage.backend.RecentWindow;
import dev.keel.storage.backend.StorageBackend;
import dev.keel.storage.codec.AlertCodec;
import dev.keel.storage.codec.DeadLetterCodec;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.codec.Json;
import dev.keel.storage.codec.RowCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClickHouse over HTTP with clickhouse-java's client-v2, in its synchronous mode: every request
 * runs on the calling writer's thread, so the client starts no threads of its own and a
 * cancelled (interrupted) virtual-thread writer has its socket closed under it.
 *
 * <p>Rows go in as {@code INSERT ... FORMAT RowBinary} (the default: values checked here, the
 * server parses almost nothing) or {@code FORMAT JSONEachRow} (the server checks every value),
 * and come back as {@code SELECT ... FORMAT JSONEachRow}: the formats 18.16 and current releases
 * share (client-v2's binary readers need {@code RowBinaryWithNamesAndTypes}, which 18.16 lacks).
 * Responses are not compressed: 18.16's compressed answers do not decode in client-v2 0.11.
 */
public final class ClickHouseBackend implements StorageBackend {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseBackend.class);

    private final Client client;
    private final ClickHouseQueries queries;
    private final StorageProperties.ClickHouse.InsertFormat format;
    private final String url;
    private final String database;
    private final RequestBody.Pool bodies;
    /** Null until probed, and again after the server was unreachable: it may come back as another version. */
    private volatile ServerFeatures features;
    private volatile String lastVersion;

    public ClickHouseBackend(StorageProperties.ClickHouse config, String database, int maxConnections) {
        this.url = config.url();
        this.format = config.insertFormat();
        this.database = database;
        this.bodies = new RequestBody.Pool(maxConnections);
        this.client = new Client.Builder()
                .addEndpoint(config.url())
                .setUsername(config.username())
                .setPassword(config.password())
                .setClientName("keel-storage")
                .compressServerResponse(false)
                .compressClientRequest(false)
                .setMaxRetries(0) // the writers retry, with backoff and a view of the stop deadline
                .setConnectTimeout(config.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(config.socketTimeout().toMillis(), ChronoUnit.MILLIS)
                .setMaxConnections(maxConnections)
                .build();
        this.queries = new ClickHouseQueries(client);
    }

    @Override
    public String description() {
        String version = lastVersion;
        return "clickhouse " + (version == null ? "(version not yet known)" : version) + " at " + url + ", database "
                + database;
    }

    /** What the server supports: probed on first use, and again once it answers after being unreachable. */
    public ServerFeatures features() throws BackendException {
        ServerFeatures known = features;
        if (known == null) {
            known = probe();
            features = known;
            lastVersion = known.version();
        }
        return known;
    }

    @Override
    public void migrate() throws BackendException {
        ServerFeatures known = features();
        queries.execute("CREATE DATABASE IF NOT EXISTS " + database);
        queries.execute(ClickHouseSchema.versionsTable(database));
        int current = schemaVersion();
        for (Migration migration : ClickHouseSchema.migrations(database, known)) {
            if (migration.version() > current) {
                for (String statement : migration.statements()) {
                    queries.execute(statement);
                }
                // The description is ours and constant; no outside value reaches this SQL text.
                queries.execute("INSERT INTO " + database + ".schema_versions (version, description, applied_at) VALUES ("
                        + migration.version() + ", '" + migration.description().replace("'", "") + "', now())");
                log.info("storage: ClickHouse schema of {} migrated to version {} ({})", database,
                        migration.version(), migration.description());
            }
        }
    }

    @Override
    public int schemaVersion() throws BackendException {
        List<String> lines = queries.lines("SELECT max(version) FROM " + database + ".schema_versions FORMAT TabSeparated",
                Map.of(), 1, null);
        return lines.isEmpty() ? 0 : Integer.parseInt(lines.getFirst().strip());
    }

    @Override
    public void ping(Duration timeout) throws BackendException {
        try {
            queries.lines("SELECT 1 FORMAT TabSeparated", Map.of(), 1, timeout);
        } catch (BackendException e) {
            forgetFeaturesIfUnreachable(e);
            throw e;
        }
    }

    @Override
    public void insertEvents(List<Event> events) throws BackendException {
        insert(EventCodec.INSTANCE, RowBinaryBody.EVENTS, events, true);
    }

    @Override
    public void insertAlerts(List<Alert> alerts) throws BackendException {
        insert(AlertCodec.INSTANCE, RowBinaryBody.ALERTS, alerts, true);
    }

    @Override
    public void insertDeadLetters(List<DeadLetter> letters) throws BackendException {
        insert(DeadLetterCodec.INSTANCE, RowBinaryBody.DEAD_LETTERS, letters, false);
    }

    @Override
    public List<Event> recentEvents(int limit) throws BackendException {
        return recent("events", EventColumn.values(), EventColumn.EVENT_ID, limit, EventCodec.INSTANCE);
    }

    @Override
    public List<Alert> recentAlerts(int limit) throws BackendException {
        return recent("alerts", AlertColumn.values(), AlertColumn.ALERT_ID, limit, AlertCodec.INSTANCE);
    }

    /**
     * The ids go into the SQL as {@code unhex('…')} of their UTF-8 bytes: a literal no id can break
     * out of, on servers with and without query parameters (18.16 has none).
     */
    @Override
    public List<Event> eventsById(Set<String> ids) throws BackendException {
        String literals = String.join(", ", ids.stream()
                .map(id -> "unhex('" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8)) + "')")
                .toList());
        String sql = "SELECT " + String.join(", ", Column.names(EventColumn.values())) + " FROM " + database
                + ".events WHERE " + EventColumn.EVENT_ID.column() + " IN (" + literals + ")"
                + " ORDER BY timestamp DESC, " + EventColumn.EVENT_ID.column() + " DESC LIMIT 1 BY "
                + EventColumn.EVENT_ID.column() + " FORMAT JSONEachRow";
        return queries.rows(sql, Map.of(), ids.size(), null, line -> EventCodec.INSTANCE.read(Json.MAPPER.readTree(line)));
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            log.debug("storage: closing the ClickHouse client failed", e);
        }
    }

    // ---- internals ---------------------------------------------------------------------------

    /**
     * One insert, all or nothing: in RowBinary (columns named) or JSONEachRow, as configured.
     *
     * @param deduplicated send a de-duplication token where the server can use one
     */
    private <T> void insert(RowCodec<T> codec, RowBinaryBody.Layout<T> layout, List<T> rows, boolean deduplicated)
            throws BackendException {
        if (rows.isEmpty()) {
            return;
        }
        String table = database + "." + codec.table();
        String operation = "insert of " + rows.size() + " rows into " + table;
        ServerFeatures known = features();
        InsertSettings settings = new InsertSettings();
        known.settings().forEach(settings::serverSetting);
        if (deduplicated && known.deduplication()) {
            settings.setDeduplicationToken(InsertToken.of(codec, rows));
        }
        RequestBody body = bodies.take(rows.size() * 1_100);
        try {
            if (format == StorageProperties.ClickHouse.InsertFormat.ROW_BINARY) {
                RowBinaryBody.encode(operation, layout, rows, body);
                client.insert(table, layout.columns(), body.content(), ClickHouseFormat.RowBinary, settings).get().close();
            } else {
                JsonEachRowBody.encode(operation, codec, rows, body);
                client.insert(table, body.content(), ClickHouseFormat.JSONEachRow, settings).get().close();
            }
        } catch (BackendException e) {
            throw e;
        } catch (Exception e) {
            BackendException failure = ClickHouseFailures.classify(operation, e, rows.size());
            forgetFeaturesIfUnreachable(failure);
            throw failure;
        } finally {
            bodies.give(body);
        }
    }

    private void forgetFeaturesIfUnreachable(BackendException failure) {
        if (failure.kind() == BackendException.Kind.TRANSIENT) {
            features = null;
        }
    }

    /**
     * The newest rows, one per id, read window by window ({@link RecentWindow}): the tables are
     * ordered by timestamp, so a window reads only its range of the table. With query parameters
     * the limit is bound as {@code {limit:UInt32}}; 18.16 has none, so there the SQL asks for
     * {@link #MAX_READ_LIMIT} rows and reading stops after {@code limit}. Either way the SQL text
     * is built from constants only: no value from a caller is ever spliced into it.
     */
    private <T> List<T> recent(String table, Column[] columns, Column id, int limit, RowCodec<T> codec)
            throws BackendException {
        boolean bound = features().queryParameters();
        Map<String, Object> parameters = bound ? Map.of("limit", limit) : Map.of();
        List<Duration> windows = new ArrayList<>(RecentWindow.WIDENING);
        windows.add(null);
        List<T> rows = List.of();
        for (Duration window : windows) {
            String sql = "SELECT " + String.join(", ", Column.names(columns)) + " FROM " + database + "." + table
                    + " WHERE timestamp <= " + secondsFromNow(RecentWindow.FUTURE_SKEW) + " * 1000"
                    + (window == null ? "" : " AND timestamp >= " + secondsFromNow(window.negated()) + " * 1000")
                    + " ORDER BY timestamp DESC, " + id.column() + " DESC LIMIT 1 BY " + id.column()
                    + " LIMIT " + (bound ? "{limit:UInt32}" : String.valueOf(MAX_READ_LIMIT)) + " FORMAT JSONEachRow";
            rows = queries.rows(sql, parameters, limit, null, line -> codec.read(Json.MAPPER.readTree(line)));
            if (rows.size() >= limit) {
                break;
            }
        }
        return rows;
    }

    /** The server's now plus {@code offset}, in epoch seconds, as SQL over constants. */
    private static String secondsFromNow(Duration offset) {
        long seconds = offset.toSeconds();
        return "(toUInt64(toUnixTimestamp(now())) " + (seconds < 0 ? "- " + -seconds : "+ " + seconds) + ")";
    }

    private ServerFeatures probe() throws BackendException {
        String version = queries.lines("SELECT version() FORMAT TabSeparated", Map.of(), 1, null).getFirst().strip();
        List<String> wanted = new ArrayList<>(ServerFeatures.WANTED_INSERT_SETTINGS.keySet());
        wanted.add(ServerFeatures.DEDUPLICATION_TOKEN);
        Set<String> known = new HashSet<>(queries.lines("SELECT name FROM system.settings WHERE name IN ("
                + String.join(", ", wanted.stream().map(n -> "'" + n + "'").toList()) + ") FORMAT TabSeparated",
                Map.of(), 100, null));
        boolean window = "1".equals(queries.lines("SELECT count() FROM system.merge_tree_settings WHERE name = '"
                + ServerFeatures.DEDUPLICATION_WINDOW + "' FORMAT TabSeparated", Map.of(), 1, null).getFirst().strip());
        boolean parameters;
        try {
            parameters = "1".equals(queries.lines("SELECT {probe:UInt8} FORMAT TabSeparated", Map.of("probe", 1), 1, null)
                    .getFirst().strip());
        } catch (BackendException unsupported) {
            if (unsupported.kind() == BackendException.Kind.TRANSIENT) {
                throw unsupported;
            }
            parameters = false;
        }
        ServerFeatures probed = ServerFeatures.of(version, known, parameters, window);
        log.info("storage: ClickHouse {} at {}: insert settings {}, query parameters {}, insert de-duplication {}",
                version, url, probed.settings(), parameters ? "supported" : "not supported",
                probed.deduplication() ? "supported" : "not supported (at-least-once; reads de-duplicate)");
        return probed;
    }
}
