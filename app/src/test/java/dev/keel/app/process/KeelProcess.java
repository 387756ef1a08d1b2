package dev.keel.app.process;

import static org.awaitility.Awaitility.await;

import dev.keel.app.support.Http;
import dev.keel.app.support.RunningKeel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real application in a child JVM: the test JVM's own {@code java} and class path, the
 * given main class, {@link RunningKeel#defaults(Path) RunningKeel's} properties (free ports,
 * storage and rules under a private directory) as command-line arguments, and stdout and stderr
 * captured to {@code <directory>/keel.log}, which every failure message quotes.
 *
 * <p>{@link #close()} kills the child forcibly if it still runs, so no test leaves a process
 * behind, whatever failed.
 */
public final class KeelProcess implements AutoCloseable {

    private static final String FALLBACK_JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
    private static final Pattern HTTP_PORT = Pattern.compile("ingest HTTP listening on port (\\d+)");
    private static final Pattern MANAGEMENT_PORT = Pattern.compile("management listening on port (\\d+)");
    private static final Pattern SYSLOG_PORT = Pattern.compile("syslog listening on \\S+ TCP port (\\d+)");

    private final Process process;
    private final Path log;
    /** Kills the child if the test JVM itself is stopped (Ctrl-C, a fork timeout) before {@link #close()}. */
    private final Thread killOnExit;
    private volatile int httpPort;
    private volatile int managementPort;
    private volatile int syslogPort;

    private KeelProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-keel-child-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts {@code mainClass} with storage, rules and spools under {@code directory}, like {@link RunningKeel}. */
    public static KeelProcess start(Class<?> mainClass, Path directory, Map<String, Object> overrides)
            throws IOException {
        return launch(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()), directory,
                overrides);
    }

    /** Starts the packaged application, {@code java -jar jar}, as a user would run it, set up like {@link #start}. */
    public static KeelProcess startJar(Path jar, Path directory, Map<String, Object> overrides) throws IOException {
        return launch(List.of("-jar", jar.toString()), directory, overrides);
    }

    private static KeelProcess launch(List<String> what, Path directory, Map<String, Object> overrides)
            throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>(RunningKeel.defaults(directory));
        properties.putAll(overrides);
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(what);
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        Path log = directory.resolve("keel.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new KeelProcess(process, log);
    }

    /** The JDK the tests run on (25 via the Maven toolchain), so the child runs on the same one. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(FALLBACK_JAVA);
    }

    /**
     * Waits until every listener has logged its port and readiness answers UP; fails at once,
     * with the log, if the child exits first.
     */
    public KeelProcess awaitReady(Http http, Duration atMost) {
        await("the child to log its HTTP, management and syslog ports").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    failIfExited();
                    String text = log();
                    httpPort = portIn(text, HTTP_PORT);
                    managementPort = portIn(text, MANAGEMENT_PORT);
                    syslogPort = portIn(text, SYSLOG_PORT);
                    return httpPort > 0 && managementPort > 0 && syslogPort > 0;
                });
        await("readiness UP").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    failIfExited();
                    var response = http.get(managementUri("/actuator/health/readiness"));
                    return response.statusCode() == 200 && response.body().contains("\"UP\"");
                });
        return this;
    }

    private void failIfExited() {
        if (!process.isAlive()) {
            throw new AssertionError("the child exited with status " + process.exitValue() + " before it was ready:\n"
                    + log());
        }
    }

    private static int portIn(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** On the ingest port. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** On the management port (Actuator). */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public int syslogPort() {
        return syslogPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM ({@link Process#destroy()} on Linux), as {@code docker stop} or systemd would. */
    public void sigterm() {
        process.destroy();
    }

    /** Sends the named signal ({@code INT}, {@code TERM}) with {@code kill}, as a terminal's Ctrl-C or a supervisor would. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -s " + name + " " + process.pid() + " failed: " + said + "\n" + log());
        }
    }

    /**
     * Waits for the child to exit by itself; fails with the log if it is still running after
     * {@code atMost}.
     *
     * @return its exit status
     */
    public int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child was still running " + atMost.toMillis() + " ms after SIGTERM:\n"
                    + log());
        }
        return process.exitValue();
    }

    /** Everything the child has written to stdout and stderr so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the child if it still runs and waits for it to be gone. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        process.waitFor(30, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }
}
