package dev.keel.app.process;

import dev.keel.app.support.Http;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients POSTing NDJSON to {@code /api/v1/events/bulk} until closed, each at a fixed rate (or as
 * fast as answers come). Every event carries its own id {@code <prefix>-<client>-<seq>}, so what
 * was acknowledged can be looked up in storage afterwards. A request answered 202 with every
 * event accepted counts as acknowledged; anything else (429, 503, a broken connection while the
 * server stops) does not.
 *
 * <p>Ids are kept as sequence numbers and bit sets rather than strings, so a long soak does not
 * grow the test's own heap with what it measures.
 */
public final class HttpLoad implements AutoCloseable {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(50);

    private final Http http;
    private final URI uri;
    private final String prefix;
    private final int eventsPerRequest;
    private final Duration period;
    private final List<Client> clients = new ArrayList<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private final LongAdder partiallyAccepted = new LongAdder();
    private final ExecutorService threads;
    private volatile boolean running = true;

    private HttpLoad(Http http, URI uri, String prefix, int clientCount, int eventsPerRequest, Duration period) {
        this.http = http;
        this.uri = uri;
        this.prefix = prefix;
        this.eventsPerRequest = eventsPerRequest;
        this.period = period;
        AtomicInteger names = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(clientCount, task -> new Thread(task,
                "load-http-" + prefix + "-" + names.incrementAndGet()));
        for (int i = 0; i < clientCount; i++) {
            clients.add(new Client(i));
        }
    }

    /**
     * @param prefix makes this load's ids unique (letters and digits only)
     * @param period how often each client sends a request; zero for as fast as the answers come
     */
    public static HttpLoad start(Http http, URI uri, String prefix, int clients, int eventsPerRequest,
            Duration period) {
        HttpLoad load = new HttpLoad(http, uri, prefix, clients, eventsPerRequest, period);
        load.clients.forEach(client -> load.threads.execute(client::run));
        return load;
    }

    /** How many events were acknowledged so far. */
    public long acknowledged() {
        return clients.stream().mapToLong(Client::acknowledged).sum();
    }

    public Set<String> acknowledgedIds() {
        Set<String> ids = new HashSet<>();
        clients.forEach(client -> client.acknowledgedIds(ids));
        return ids;
    }

    /** Whether {@code id} is one this load put in a request (answered or not). */
    public boolean sent(String id) {
        String[] parts = id.split("-");
        if (parts.length != 3 || !parts[0].equals(prefix)) {
            return false;
        }
        int client = Integer.parseInt(parts[1]);
        return client < clients.size() && Long.parseLong(parts[2]) < clients.get(client).next.get();
    }

    /** Answers by status code. */
    public Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.sum()));
        return copy;
    }

    /** Requests that got no answer (connection refused or broken). */
    public long failures() {
        return failures.sum();
    }

    /** 202 answers that did not accept every event of their request: none are expected, every event is valid. */
    public long partiallyAccepted() {
        return partiallyAccepted.sum();
    }

    public String summary() {
        return "HTTP load " + prefix + ": " + acknowledged() + " events acknowledged, answers " + statuses()
                + ", " + failures() + " requests unanswered";
    }

    /** Stops every client after its current request and waits for it. */
    @Override
    public void close() {
        running = false;
        threads.close();
    }

    /** One client: a thread sending requests one after another. */
    private final class Client {
        private final int number;
        private final AtomicLong next = new AtomicLong();
        /** Guarded by itself. */
        private final BitSet acknowledged = new BitSet();

        Client(int number) {
            this.number = number;
        }

        void run() {
            long due = System.nanoTime();
            while (running && !Thread.currentThread().isInterrupted()) {
                long first = next.getAndAdd(eventsPerRequest);
                try {
                    var response = http.postNdjson(uri, body(first));
                    statuses.computeIfAbsent(response.statusCode(), status -> new LongAdder()).increment();
                    if (response.statusCode() == 202) {
                        acknowledge(first, response.body());
                    }
                } catch (IOException unanswered) {
                    failures.increment();
                    LockSupport.parkNanos(PAUSE_AFTER_FAILURE.toNanos());
                } catch (InterruptedException e) {
                    return;
                }
                due = Math.max(due + period.toNanos(), System.nanoTime() - period.toNanos());
                LockSupport.parkNanos(due - System.nanoTime());
            }
        }

        private String body(long first) {
            StringBuilder body = new StringBuilder(eventsPerRequest * 120);
            for (long seq = first; seq < first + eventsPerRequest; seq++) {
                body.append("{\"event_id\":\"").append(prefix).append('-').append(number).append('-').append(seq)
                        .append("\",\"host\":\"load-").append(number)
                        .append("\",\"action\":\"load\",\"severity\":\"info\",\"message\":\"steady load\"}\n");
            }
            return body.toString();
        }

        private void acknowledge(long first, String answer) {
            Matcher accepted = ACCEPTED.matcher(answer);
            if (!accepted.find() || Integer.parseInt(accepted.group(1)) != eventsPerRequest) {
                partiallyAccepted.increment();
                return;
            }
            synchronized (acknowledged) {
                acknowledged.set(Math.toIntExact(first), Math.toIntExact(first + eventsPerRequest));
            }
        }

        long acknowledged() {
            synchronized (acknowledged) {
                return acknowledged.cardinality();
            }
        }

        void acknowledgedIds(Set<String> into) {
            synchronized (acknowledged) {
                acknowledged.stream().forEach(seq -> into.add(prefix + "-" + number + "-" + seq));
            }
        }
    }
}
