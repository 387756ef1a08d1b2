package dev.keel.bench.storage;

import dev.keel.storage.testing.ClickHouseHttp;
import dev.keel.storage.testing.ClickHouseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ClickHouse one benchmark run writes to: a private server started like the storage tests'
 * (queries logged in {@code system.query_log}), or an existing one given by URL.
 */
final class LocalClickHouse implements AutoCloseable {

    private final ClickHouseHttp http;
    private final ClickHouseServer server;

    private LocalClickHouse(ClickHouseHttp http, ClickHouseServer server) {
        this.http = http;
        this.server = server;
    }

    /** An existing server, as user {@code default} without password. */
    static LocalClickHouse connect(String url) {
        return new LocalClickHouse(new ClickHouseHttp(url, "default", ""), null);
    }

    /** A private server ({@code $KEEL_CLICKHOUSE_SERVER}, else Debian's binary). */
    static LocalClickHouse start() throws IOException {
        ClickHouseServer server = ClickHouseServer.start();
        return new LocalClickHouse(server.http(), server);
    }

    String url() {
        return http.url();
    }

    String query(String sql) throws IOException {
        return http.query(sql);
    }

    long queryLong(String sql) throws IOException {
        return http.queryLong(sql);
    }

    /** CPU time the server process has used (user + system), or -1 if it is not ours or not Linux. */
    long cpuNanos() {
        if (server == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + server.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
