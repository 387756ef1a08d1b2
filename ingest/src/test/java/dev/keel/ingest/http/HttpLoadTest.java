package dev.keel.ingest.http;

import static dev.keel.ingest.support.HttpClients.gzip;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.support.HttpClients;
import dev.keel.ingest.support.IngestTestApplication;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.testing.LeakCheck;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Many concurrent clients through a real Tomcat, and a stop in the middle of their load. They all
 * connect from 127.0.0.1, so the per-peer share is lifted to the total: this is about
 * concurrency, not about one address's share ({@code HttpEventIntakeTest} covers that).
 */
@SpringBootTest(classes = IngestTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"keel.ingest.syslog.enabled=false", "keel.ingest.http.max-concurrent-requests-per-peer=32"})
class HttpLoadTest {

    private static final int CLIENTS = 16;
    private static final int EVENTS_PER_REQUEST = 40;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static HttpClient client;

    @RegisterExtension
    LeakCheck leaks = HttpClients.leakCheck();

    @LocalServerPort
    int port;
    @Autowired
    IngestComponent ingest;
    @Autowired
    RecordingSink sink;

    @BeforeAll
    static void createClient() {
        client = HttpClients.create();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void startIngest() {
        sink.accept();
        sink.clear();
        ingest.start();
    }

    @AfterEach
    void stopIngest() {
        assertThat(ingest.stop().clean()).isTrue();
    }

    @Test
    void manyConcurrentClientsAreAllAcceptedAndEveryEventArrivesOnce() throws Exception {
        int requestsPerClient = 25;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    int clientId = c;
                    clients.add(pool.submit(() -> {
                        for (int r = 0; r < requestsPerClient; r++) {
                            Batch batch = Batch.of(clientId, r);
                            HttpResponse<String> response = batch.post(client, port, r % 2 == 0);
                            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                            acknowledged.addAll(batch.ids());
                        }
                        return null;
                    }));
                }
                awaitAll(clients);
            } finally {
                pool.shutdownNow(); // a client still running after a failure is interrupted, so the pool closes
            }
        }

        assertThat(acknowledged).hasSize(CLIENTS * requestsPerClient * EVENTS_PER_REQUEST);
        assertThat(sink.count()).isEqualTo(acknowledged.size());
        assertThat(sink.ids()).isEqualTo(acknowledged);
    }

    @Test
    void aStopDuringLoadLosesNoAcknowledgedEventAndQueuesNothingItRefused() throws Exception {
        sink.refuseEvery(7); // some requests get 429 and are retried, as a client should
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refusedWith429 = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        List<Future<?>> clients = new ArrayList<>();
        StopOutcome outcome;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    int clientId = c;
                    clients.add(pool.submit(() -> {
                        for (int r = 0; ; r++) {
                            Batch batch = Batch.of(clientId, r);
                            while (true) {
                                HttpResponse<String> response = batch.post(client, port, r % 3 == 0);
                                switch (response.statusCode()) {
                                    case 202 -> acknowledged.addAll(batch.ids());
                                    case 429 -> refusedWith429.incrementAndGet();
                                    case 503 -> {
                                        assertThat(response.headers().firstValue("Retry-After")).isPresent();
                                        unavailable.incrementAndGet();
                                        return null;
                                    }
                                    default -> throw new AssertionError("unexpected " + response.statusCode()
                                            + ": " + response.body());
                                }
                                if (response.statusCode() == 202) {
                                    break;
                                }
                            }
                        }
                    }));
                }
                await().atMost(PATIENCE).until(() -> acknowledged.size() >= 20_000);

                outcome = ingest.stop();

                awaitAll(clients);
            } finally {
                pool.shutdownNow(); // a client still running after a failure is interrupted, so the pool closes
            }
        }

        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(unavailable).hasValue(CLIENTS);
        assertThat(refusedWith429.get()).isPositive();
        assertThat(sink.ids()).as("downstream holds exactly the acknowledged events").isEqualTo(acknowledged);
        assertThat(sink.count()).as("and each once").isEqualTo(acknowledged.size());
    }

    /** Waits for every client, all together at most PATIENCE; a client's failure fails the test. */
    private static void awaitAll(List<Future<?>> clients) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (Future<?> each : clients) {
            each.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** One request's worth of events with ids unique across the test: about 12 KB, more than one server read. */
    private record Batch(List<String> ids, byte[] body) {

        private static final String PADDING = "a user logged in from a browser on a workstation ".repeat(4);

        static Batch of(int client, int request) {
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                String id = "c" + client + "-r" + request + "-e" + i;
                ids.add(id);
                body.append("{\"event_id\":\"").append(id).append("\",\"user\":\"u").append(i)
                        .append("\",\"action\":\"login\",\"src_ip\":\"10.0.0.").append(i)
                        .append("\",\"message\":\"").append(PADDING).append("\"}\n");
            }
            return new Batch(ids, body.toString().getBytes(UTF_8));
        }

        HttpResponse<String> post(HttpClient client, int port, boolean gzipped) {
            return gzipped
                    ? HttpClients.post(client, port, "/api/v1/events/bulk", "application/x-ndjson", gzip(body),
                            "Content-Encoding", "gzip")
                    : HttpClients.post(client, port, "/api/v1/events/bulk", "application/x-ndjson", body);
        }
    }
}
