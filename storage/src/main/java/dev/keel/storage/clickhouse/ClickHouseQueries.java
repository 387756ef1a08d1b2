package dev.keel.storage.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import dev.keel.storage.backend.BackendException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Queries over the client whose answer is read as text lines (TabSeparated or JSONEachRow). */
final class ClickHouseQueries {

    /** Reads one line of an answer into a row. */
    @FunctionalInterface
    interface LineParser<T> {
        T parse(String line) throws Exception;
    }

    private final Client client;

    ClickHouseQueries(Client client) {
        this.client = client;
    }

    void execute(String sql) throws BackendException {
        lines(sql, Map.of(), 0, null);
    }

    /** The first {@code max} non-empty lines of the answer; {@code timeout} null for the socket timeout. */
    List<String> lines(String sql, Map<String, Object> parameters, int max, Duration timeout) throws BackendException {
        return rows(sql, parameters, max, timeout, line -> line);
    }

    @SuppressWarnings("try") // QueryResponse.close() declares Exception; the catch below takes it
    <T> List<T> rows(String sql, Map<String, Object> parameters, int max, Duration timeout, LineParser<T> parse)
            throws BackendException {
        QuerySettings settings = new QuerySettings();
        if (timeout != null) {
            settings.setNetworkTimeout(timeout.toMillis(), ChronoUnit.MILLIS);
        }
        try (QueryResponse response = client.query(sql, parameters, settings).get();
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getInputStream(), StandardCharsets.UTF_8))) {
            List<T> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null && rows.size() < max; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    rows.add(parse.parse(line));
                }
            }
            return rows;
        } catch (Exception e) {
            throw ClickHouseFailures.classify("query", e, 0);
        }
    }
}
