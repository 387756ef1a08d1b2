package dev.keel.detect;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server receiving webhooks (JDK's com.sun.net.httpserver, test code only):
 * answers 200, answers 500, hangs until released or closed, or sends the headers of a 200 and
 * part of its body and then stalls until released or closed, as told. It can also answer only
 * the first n requests and hold every later one until released or closed, so a test decides
 * how many webhooks get through, whatever the machine's speed.
 */
final class WebhookServer implements AutoCloseable {

    enum Mode { OK, FAIL, HANG, STALL_BODY }

    private final HttpServer server;
    private final List<String> bodies = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Mode mode = Mode.OK;
    /** Answers left before requests are held; null: no limit. */
    private volatile Semaphore answers;

    WebhookServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (mode == Mode.STALL_BODY) {
                exchange.sendResponseHeaders(200, 100);
                exchange.getResponseBody().write("first ten.".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            try {
                Semaphore limit = answers;
                if (mode == Mode.HANG || limit != null && !limit.tryAcquire()) {
                    released.await(60, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = mode == Mode.OK ? 200 : 500;
            if (status == 200) {
                synchronized (bodies) {
                    bodies.add(body);
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        // One handler thread per request, so one hanging request does not hold the others.
        server.setExecutor(task -> {
            Thread thread = new Thread(task, "test-webhook-handler");
            thread.setDaemon(true);
            thread.start();
        });
        server.start();
    }

    WebhookServer mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** Answers only the next {@code n} requests; every later one is held until {@link #release()} or close. */
    WebhookServer answerFirst(int n) {
        this.answers = new Semaphore(n);
        return this;
    }

    /** Lets every held, hanging or stalled request go on, now and from now on. */
    void release() {
        released.countDown();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    String target() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    List<String> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
