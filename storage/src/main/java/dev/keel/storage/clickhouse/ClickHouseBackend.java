package dev.keel.storage.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.data.ClickHouseFormat;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.StorageProperties;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.Migration;
import dev.keel.storage.backend.StorageBackend;
import dev.keel.storage.codec.AlertCodec;
import dev.keel.storage.codec.DeadLetterCodec;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.codec.Json;
import dev.keel.storage.codec.RowCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClickHouse over HTTP with clickhouse-java's client-v2, in its synchronous mode: every request
 * runs on the calling writer's thread, so the client starts no threads of its own and a
 * cancelled (interrupted) virtual-thread writer has its socket closed under it.
 *
 * <p>Rows go in as {@code INSERT ... FORMAT JSONEachRow} and come back as {@code SELECT ...
 * FORMAT JSONEachRow}: the formats 18.16 and current releases share (client-v2's binary
 * readers need {@code RowBinaryWithNamesAndTypes}, which 18.16 lacks). Responses are not
 * compressed: 18.16's compressed answers do not decode in client-v2 0.11.
 */
public final class ClickHouseBackend implements StorageBackend {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseBackend.class);

    private static final String EVENT_COLUMNS =
            "event_id, timestamp, received_at, source, host, user, action, src_ip, severity, message, attributes";
    private static final String ALERT_COLUMNS =
            "alert_id, rule_id, rule_title, level, timestamp, group_key, event_ids, summary";

    private final Client client;
    private final StorageProperties.ClickHouse.InsertFormat format;
    private final String url;
    private final String database;
    private final RequestBody.Pool bodies;
    private volatile ServerFeatures features;

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
    }

    @Override
    public String description() {
        ServerFeatures known = features;
        return "clickhouse " + (known == null ? "(version not yet known)" : known.version()) + " at " + url
                + ", database " + database;
    }

    /** What the server supports; probed by {@link #migrate()}. */
    public ServerFeatures features() throws BackendException {
        ServerFeatures known = features;
        if (known == null) {
            known = probe();
            features = known;
        }
        return known;
    }

    @Override
    public void migrate() throws BackendException {
        features();
        execute("CREATE DATABASE IF NOT EXISTS " + database);
        execute(ClickHouseSchema.versionsTable(database));
        int current = schemaVersion();
        for (Migration migration : ClickHouseSchema.migrations(database)) {
            if (migration.version() > current) {
                for (String statement : migration.statements()) {
                    execute(statement);
                }
                // The description is ours and constant; no outside value reaches this SQL text.
                execute("INSERT INTO " + database + ".schema_versions (version, description, applied_at) VALUES ("
                        + migration.version() + ", '" + migration.description().replace("'", "") + "', now())");
                log.info("storage: ClickHouse schema of {} migrated to version {} ({})", database,
                        migration.version(), migration.description());
            }
        }
    }

    @Override
    public int schemaVersion() throws BackendException {
        List<String> lines = queryLines("SELECT max(version) FROM " + database + ".schema_versions FORMAT TabSeparated",
                Map.of(), 1);
        return lines.isEmpty() ? 0 : Integer.parseInt(lines.getFirst().strip());
    }

    @Override
    public void ping() throws BackendException {
        queryLines("SELECT 1 FORMAT TabSeparated", Map.of(), 1);
    }

    @Override
    public void insertEvents(List<Event> events) throws BackendException {
        insert(EventCodec.INSTANCE, RowBinaryBody.EVENTS, events);
    }

    @Override
    public void insertAlerts(List<Alert> alerts) throws BackendException {
        insert(AlertCodec.INSTANCE, RowBinaryBody.ALERTS, alerts);
    }

    @Override
    public void insertDeadLetters(List<DeadLetter> letters) throws BackendException {
        insert(DeadLetterCodec.INSTANCE, RowBinaryBody.DEAD_LETTERS, letters);
    }

    @Override
    public List<Event> recentEvents(int limit) throws BackendException {
        return recent("events", EVENT_COLUMNS, "event_id", limit, EventCodec.INSTANCE);
    }

    @Override
    public List<Alert> recentAlerts(int limit) throws BackendException {
        return recent("alerts", ALERT_COLUMNS, "alert_id", limit, AlertCodec.INSTANCE);
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

    /** One insert, all or nothing: in RowBinary (columns named) or JSONEachRow, as configured. */
    private <T> void insert(RowCodec<T> codec, RowBinaryBody.Layout<T> layout, List<T> rows) throws BackendException {
        if (rows.isEmpty()) {
            return;
        }
        InsertSettings settings = new InsertSettings();
        features().settings().forEach(settings::serverSetting);
        String table = database + "." + codec.table();
        RequestBody body = bodies.take(rows.size() * 1_100);
        try {
            if (format == StorageProperties.ClickHouse.InsertFormat.ROW_BINARY) {
                RowBinaryBody.encode(layout, rows, body);
                client.insert(table, layout.columns(), body.content(), ClickHouseFormat.RowBinary, settings).get().close();
            } else {
                JsonEachRowBody.encode(codec, rows, body);
                client.insert(table, body.content(), ClickHouseFormat.JSONEachRow, settings).get().close();
            }
        } catch (BackendException e) {
            throw e;
        } catch (Exception e) {
            throw ClickHouseFailures.classify("insert of " + rows.size() + " rows into " + table, e, rows.size());
        } finally {
            bodies.give(body);
        }
    }

    /**
     * The newest rows, one per id. With query parameters the limit is bound as {@code
     * {limit:UInt32}}; 18.16 has none, so there the SQL asks for {@link #MAX_READ_LIMIT} rows and
     * reading stops after {@code limit}. Either way the SQL text is a constant.
     */
    private <T> List<T> recent(String table, String columns, String id, int limit, RowCodec<T> codec)
            throws BackendException {
        boolean bound = features().queryParameters();
        String sql = "SELECT " + columns + " FROM " + database + "." + table
                + " ORDER BY timestamp DESC, " + id + " DESC LIMIT 1 BY " + id
                + " LIMIT " + (bound ? "{limit:UInt32}" : String.valueOf(MAX_READ_LIMIT)) + " FORMAT JSONEachRow";
        Map<String, Object> parameters = bound ? Map.of("limit", limit) : Map.of();
        return queryRows(sql, parameters, limit, line -> codec.read(Json.MAPPER.readTree(line)));
    }

    private ServerFeatures probe() throws BackendException {
        String version = queryLines("SELECT version() FORMAT TabSeparated", Map.of(), 1).getFirst().strip();
        Set<String> known = new HashSet<>(queryLines("SELECT name FROM system.settings WHERE name IN ("
                + String.join(", ", ServerFeatures.WANTED_INSERT_SETTINGS.keySet().stream().map(n -> "'" + n + "'").toList())
                + ") FORMAT TabSeparated", Map.of(), 100));
        boolean parameters;
        try {
            parameters = "1".equals(queryLines("SELECT {probe:UInt8} FORMAT TabSeparated", Map.of("probe", 1), 1)
                    .getFirst().strip());
        } catch (BackendException unsupported) {
            if (unsupported.isTransient() && !unsupported.getMessage().contains("param_probe")) {
                throw unsupported;
            }
            parameters = false;
        }
        ServerFeatures probed = ServerFeatures.of(version, known, parameters);
        log.info("storage: ClickHouse {} at {}: insert settings {}, query parameters {}", version, url,
                probed.settings(), parameters ? "supported" : "not supported");
        return probed;
    }

    private void execute(String sql) throws BackendException {
        queryLines(sql, Map.of(), 0);
    }

    private List<String> queryLines(String sql, Map<String, Object> parameters, int max) throws BackendException {
        return queryRows(sql, parameters, max, Function.identity());
    }

    @SuppressWarnings("try") // QueryResponse.close() declares Exception; the catch below takes it
    private <T> List<T> queryRows(String sql, Map<String, Object> parameters, int max, Function<String, T> parse)
            throws BackendException {
        try (QueryResponse response = client.query(sql, parameters).get();
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            List<T> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null && rows.size() < max; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    rows.add(parse.apply(line));
                }
            }
            return rows;
        } catch (Exception e) {
            throw ClickHouseFailures.classify("query", e, 0);
        }
    }
}
