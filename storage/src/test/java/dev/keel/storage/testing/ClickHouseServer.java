package dev.keel.storage.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A private {@code clickhouse-server} (Debian's package, 18.16 here) on free ports, with its data
 * in a temporary directory: start it, query it, kill it with SIGKILL and start it again on the
 * same ports and data, stop it and delete its directory. Not thread-safe; one per test class.
 *
 * <p>The binary is {@code $KEEL_CLICKHOUSE_SERVER}, else {@code /usr/sbin/clickhouse-server} or
 * {@code /usr/bin/clickhouse-server}. Its output goes to {@code server.log} in its directory.
 * Free ports are picked, then bound by the server a moment later: if another process took one
 * meanwhile, the start is tried again on new ports. A JVM shutdown hook kills the server, so that
 * a test run that dies does not leave it behind. Queries are logged in {@code system.query_log}
 * ({@code SYSTEM FLUSH LOGS} makes them visible), for tests that check what a query read.
 */
public final class ClickHouseServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 5;
    private static final List<String> CANDIDATES = List.of("/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server");

    private final Path binary;
    private final Path directory;
    private final int httpPort;
    private final int tcpPort;
    private final Thread killOnExit = new Thread(this::killNow, "clickhouse-server-killer");
    private volatile Process process;

    private ClickHouseServer(Path binary, Path directory, int httpPort, int tcpPort) {
        this.binary = binary;
        this.directory = directory;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    /** The server binary, if this machine has one. */
    public static Optional<Path> findBinary() {
        String configured = System.getenv("KEEL_CLICKHOUSE_SERVER");
        Stream<String> candidates = configured == null || configured.isBlank() ? CANDIDATES.stream()
                : Stream.of(configured);
        return candidates.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Starts a server in a new temporary directory, and waits until it answers. */
    public static ClickHouseServer start() throws IOException {
        Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
                "no clickhouse-server binary (apt-get install clickhouse-server, or set KEEL_CLICKHOUSE_SERVER)"));
        for (int attempt = 1; ; attempt++) {
            Path directory = Files.createTempDirectory("keel-clickhouse-");
            ClickHouseServer server = new ClickHouseServer(binary, directory, freePort(), freePort());
            try {
                server.writeConfig();
                Runtime.getRuntime().addShutdownHook(server.killOnExit);
                server.launch();
                return server;
            } catch (IOException failed) {
                boolean portTaken = server.tail().contains("Address already in use");
                server.close();
                if (!portTaken || attempt == START_ATTEMPTS) {
                    throw failed;
                }
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path directory() {
        return directory;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server's process id. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("server not running");
        }
        return process.pid();
    }

    /** SIGKILL, as a crash would: no flush, no goodbye. Waits until the process is gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly(); // SIGKILL ends a stopped (SIGSTOP) process too
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** SIGSTOP: the server hangs, as an overloaded or wedged one would; connections open but nothing answers. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", which, String.valueOf(pid())).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + which + " " + pid() + " failed");
        }
    }

    /** Starts the server again on the same ports and data directory, and waits until it answers. */
    public void restart() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("server still running");
        }
        launch();
    }

    /** Queries as user {@code default}, which has no password. */
    public ClickHouseHttp http() {
        return new ClickHouseHttp(url(), "default", "");
    }

    /** Runs {@code sql} and returns the response body; fails on any error. */
    public String query(String sql) throws IOException {
        return http().query(sql);
    }

    /** Runs a query returning one number. */
    public long queryLong(String sql) throws IOException {
        return http().queryLong(sql);
    }

    /** Stops the server (SIGKILL: its data is thrown away anyway) and deletes its directory. */
    @Override
    public void close() throws IOException {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException | IllegalArgumentException exitingOrNotRegistered) {
            // the JVM is exiting and the hook runs anyway, or it was never registered
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void killNow() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(binary.toString(), "--config-file=" + directory.resolve("config.xml"))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("server.log").toFile()))
                .start();
        awaitReady();
    }

    private void awaitReady() throws IOException {
        AtomicReference<IOException> last = new AtomicReference<>();
        try {
            await("clickhouse-server to answer").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new UncheckedIOException(new IOException("clickhouse-server exited with "
                            + process.exitValue() + "; see " + directory.resolve("server.log") + ":\n" + tail()));
                }
                try {
                    return "1".equals(query("SELECT 1").strip());
                } catch (IOException notYet) {
                    last.set(notYet);
                    return false;
                }
            });
        } catch (UncheckedIOException exited) {
            throw exited.getCause();
        } catch (ConditionTimeoutException slow) {
            throw new IOException("clickhouse-server did not answer within " + START_TIMEOUT + ":\n" + tail(),
                    last.get());
        }
    }

    private String tail() throws IOException {
        Path log = directory.resolve("server.log");
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private void writeConfig() throws IOException {
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
                  <profiles><default><log_queries>1</log_queries>
                    <input_format_skip_unknown_fields>1</input_format_skip_unknown_fields></default></profiles>
                  <users>
                    <default>
                      <password></password>
                      <networks><ip>::/0</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </default>
                  </users>
                  <quotas><default></default></quotas>
                </yandex>
                """);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
