package dev.keel.lifecycle.example;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.lifecycle.WorkerContext;
import dev.keel.lifecycle.Workers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The worked example of docs/lifecycle.md: a TCP server whose connections feed lines through a
 * bounded queue to a pool, with a ticker reporting progress. On stop it stops accepting and
 * reading, then lets the pool finish every line it read.
 */
public final class LineServer extends Component {

    private final Consumer<List<String>> sink;
    private final AtomicLong lines = new AtomicLong();
    private volatile int port;

    public LineServer(Consumer<List<String>> sink, LifecycleEnvironment environment) {
        super("line-server", Duration.ofSeconds(5), environment);
        this.sink = sink;
    }

    @Override
    protected void startUp(Workers workers) throws Exception {
        // Consumers first: stages stop newest first, so the pool drains after the readers are gone.
        WorkQueue<String> queue = workers.queue("lines", 10_000);
        workers.worker("line-writer").pool(2, queue)
                .rescue((unfinished, cause) -> sink.accept(unfinished))
                .eachBatch(100, Duration.ofMillis(50), sink::accept);

        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        port = server.getLocalPort();
        workers.worker("acceptor").virtual().task(ctx -> accept(ctx, server, workers, queue));
        workers.worker("progress").every(Duration.ofSeconds(10), ctx -> System.out.println(lines + " lines"));
    }

    private void accept(WorkerContext ctx, ServerSocket server, Workers workers, WorkQueue<String> queue)
            throws Exception {
        ctx.closeOnStop(server); // ends accept() when the stop begins
        while (!ctx.stopRequested()) {
            Socket connection = server.accept();
            try {
                workers.worker("connection").virtual().task(c -> read(c, connection, queue));
            } catch (RejectedExecutionException stopping) {
                connection.close();
            }
        }
    }

    private void read(WorkerContext ctx, Socket connection, WorkQueue<String> queue) throws Exception {
        ctx.closeOnStop(connection); // ends readLine() when the stop begins
        var reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            // Backpressure: wait for room rather than buffer without bound.
            while (queue.offer(line, Duration.ofMillis(100)) == Admission.FULL) {
                if (ctx.stopRequested()) {
                    return;
                }
            }
            lines.incrementAndGet();
        }
    }

    public int port() {
        return port;
    }
}
