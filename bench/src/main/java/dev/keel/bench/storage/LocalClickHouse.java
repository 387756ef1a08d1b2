package dev.keel.bench.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private clickhouse-server for one benchmark run (the same minimal config as the storage
 * test fixture, queries logged in {@code system.query_log}), or a connection to one given by URL.
 * Queries go over plain HTTP.
 */
final class LocalClickHouse implements AutoCloseable {

    private final String url;
    private final Process process;
    private final Path directory;

    private LocalClickHouse(String url, Process process, Path directory) {
        this.url = url;
        this.process = process;
        this.directory = directory;
    }

    static LocalClickHouse connect(String url) {
        return new LocalClickHouse(url, null, null);
    }

    static LocalClickHouse start(Path binary) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("keel-bench-clickhouse-");
        int httpPort = freePort();
        int tcpPort = freePort();
        Files.createDirectories(directory.resolve("data"));
        Files.createDirectories(directory.resolve("tmp"));
        Files.writeString(directory.resolve("config.xml"), """
                <yandex>
                  <logger><level>warning</level><console>true</console></logger>
                  <http_port>%d</http_port>
                  <tcp_port>%d</tcp_port>
                  <listen_host>127.0.0.1</listen_host>
                  <path>%s/</path>
                  <tmp_path>%s/</tmp_path>
                  <mark_cache_size>268435456</mark_cache_size>
                  <users_config>users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <query_log><database>system</database><table>query_log</table></query_log>
                </yandex>
                """.formatted(httpPort, tcpPort, directory.resolve("data"), directory.resolve("tmp")));
        Files.writeString(directory.resolve("users.xml"), """
                <yandex>
                  <profiles><default><log_queries>1</log_queries></default></profiles>
                  <users><default><password></password><networks><ip>::/0</ip></networks>
                    <profile>default</profile><quota>default</quota></default></users>
                  <quotas><default></default></quotas>
                </yandex>
                """);
        Process process = new ProcessBuilder(binary.toString(), "--config-file=" + directory.resolve("config.xml"))
                .directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("server.log").toFile()).start();
        LocalClickHouse server = new LocalClickHouse("http://127.0.0.1:" + httpPort, process, directory);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                server.query("SELECT 1");
                return server;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    server.close();
                    throw new IOException("clickhouse-server did not start; see " + directory.resolve("server.log"),
                            notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    String url() {
        return url;
    }

    /** CPU time the server process has used (user + system), or -1 if it is not ours or not Linux. */
    long cpuNanos() {
        if (process == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    String query(String sql) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url + "/").toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(sql.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            try (InputStream body = status == 200 ? connection.getInputStream() : connection.getErrorStream()) {
                String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                if (status != 200) {
                    throw new IOException("ClickHouse answered " + status + ": " + text);
                }
                return text;
            }
        } finally {
            connection.disconnect();
        }
    }

    long queryLong(String sql) throws IOException {
        return Long.parseLong(query(sql).strip());
    }

    @Override
    public void close() throws IOException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
