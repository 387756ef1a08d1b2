package dev.keel.app.endtoend;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP clients that post events as fast as the service takes them until it stops answering:
 * half of them NDJSON to {@code /api/v1/events/bulk}, half JSON arrays (and now and then a lone
 * object) to {@code /api/v1/events}. Every event carries its own id, {@code <run>-h<client>-<n>},
 * so what was acknowledged can be looked up in ClickHouse.
 *
 * <p>A 202 acknowledges every event of its request (the body must say so); a 429 is retried with
 * the same events, which is safe because a 429 queued none of them; a 503 or a failed connection
 * ends the client: the service is stopping. Every 50th event has {@code action: e2e-flagged},
 * which the load rule set turns into one alert each.
 */
final class HttpLoad implements AutoCloseable {

    static final String FLAGGED_ACTION = "e2e-flagged";
    private static final int NDJSON_EVENTS = 200;
    private static final int ARRAY_EVENTS = 100;

    private final URI base;
    private final String run;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ClientThreads threads = new ClientThreads();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> flagged = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicLong acknowledgedAfterStop = new AtomicLong();
    private volatile boolean stopBegan;

    HttpLoad(URI base, String run) {
        this.base = base;
        this.run = run;
    }

    void start(int clients) {
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.start("e2e-http-client-" + run + "-" + i, () -> post(client));
        }
    }

    /** Marks the moment the test begins closing the application (for the report only). */
    void stopBegins() {
        stopBegan = true;
    }

    /** Waits for every client to end on its own, as the service stops answering. */
    void awaitEnd(Duration deadline) throws InterruptedException {
        threads.awaitEnd(deadline);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    Set<String> sent() {
        return Set.copyOf(sent);
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Posted events that the load rule raises an alert for, once stored. */
    Set<String> flaggedSent() {
        return Set.copyOf(flagged);
    }

    /** How many requests got each answer: a status code, or the exception that ended a client. */
    Map<String, Integer> answers() {
        Map<String, Integer> copy = new TreeMap<>();
        answers.forEach((answer, count) -> copy.put(answer, count.get()));
        return copy;
    }

    /** Answers no client should ever get (anything but 202, 429, 503 or a refused/closed connection). */
    List<String> unexpectedAnswers() {
        return List.copyOf(unexpected);
    }

    long acknowledgedAfterStopBegan() {
        return acknowledgedAfterStop.get();
    }

    private void post(int client) throws InterruptedException {
        boolean ndjson = client % 2 == 0;
        for (int request = 0; ; request++) {
            boolean lone = !ndjson && request % 5 == 4;
            int count = ndjson ? NDJSON_EVENTS : lone ? 1 : ARRAY_EVENTS;
            List<String> ids = new ArrayList<>(count);
            StringBuilder body = new StringBuilder(count * 220);
            if (!ndjson && !lone) {
                body.append('[');
            }
            for (int i = 0; i < count; i++) {
                long n = request * 1000L + i;
                String id = run + "-h" + client + "-" + request + "-" + i;
                ids.add(id);
                if (n % 50 == 0) {
                    flagged.add(id);
                }
                if (!ndjson && i > 0) {
                    body.append(',');
                }
                body.append(event(id, client, n));
                if (ndjson) {
                    body.append('\n');
                }
            }
            if (!ndjson && !lone) {
                body.append(']');
            }
            sent.addAll(ids);
            if (!deliver(ndjson, body.toString(), ids)) {
                return;
            }
        }
    }

    /** Posts until the request is acknowledged (true) or the service is going away (false). */
    private boolean deliver(boolean ndjson, String body, List<String> ids) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(ndjson ? "/api/v1/events/bulk" : "/api/v1/events"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", ndjson ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        while (true) {
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException serviceGone) {
                count(serviceGone.getClass().getSimpleName());
                return false;
            }
            int status = response.statusCode();
            count(String.valueOf(status));
            switch (status) {
                case 202 -> {
                    JsonNode answer = json.readTree(response.body());
                    if (answer.path("accepted").asInt(-1) != ids.size() || answer.path("rejected").asInt(-1) != 0) {
                        unexpected.add("202 not for all " + ids.size() + " events: " + response.body());
                        return false;
                    }
                    acknowledged.addAll(ids);
                    if (stopBegan) {
                        acknowledgedAfterStop.addAndGet(ids.size());
                    }
                    return true;
                }
                case 429 -> LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // nothing was queued: retry
                case 503 -> {
                    return false;
                }
                default -> {
                    unexpected.add(status + ": " + response.body());
                    return false;
                }
            }
        }
    }

    private void count(String answer) {
        answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
    }

    private String event(String id, int client, long n) {
        return "{\"event_id\":\"" + id + "\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"host\":\"web-" + client + "\",\"user\":\"user" + (n % 97) + "\",\"action\":\""
                + (n % 50 == 0 ? FLAGGED_ACTION : "login") + "\",\"src_ip\":\"10.1." + client + "." + (n % 250)
                + "\",\"severity\":\"info\",\"message\":\"end-to-end event " + n + "\",\"sequence\":" + n
                + ",\"labels\":{\"run\":\"" + run + "\",\"client\":" + client + "}}";
    }

    @Override
    public void close() {
        client.close();
    }
}
