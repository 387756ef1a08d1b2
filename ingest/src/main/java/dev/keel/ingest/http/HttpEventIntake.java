package dev.keel.ingest.http;

import dev.keel.ingest.net.AddressRanges;
import dev.keel.ingest.net.PeerSlots;
import dev.keel.lifecycle.Admission;
import dev.keel.storage.Event;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP ingest request, in this order: 401 without a valid API key (when keys are
 * configured), 503 while ingest is not running, 415 for a wrong media type or charset, a
 * content coding other than gzip, or more than one, 413 for a declared body over the limit, 429 when too many
 * requests are in progress, in all or from this client; then, reading the body, 413 for a body
 * over the limit (as sent, or after decompression) or too many events, 408 for a body slower
 * than body-timeout or min-body-rate, 400 for a body that is not UTF-8 (checked byte by byte),
 * not gzip as declared, not JSON, or holds no valid event (or that the reader fails on
 * unexpectedly); then 429 when downstream cannot take all valid events (none is queued), 503 when
 * it is closed, else 202. Runs on the server's request thread. A request holds one of the
 * max-concurrent-requests slots, of its client's share ({@link PeerSlots}), from before its body
 * is read until its admission is decided, so memory stays bounded by about that many parsed
 * bodies and a few clients trickling bodies cannot take every slot. Holds no other state
 * between requests.
 */
public final class HttpEventIntake {

    private static final Logger log = LoggerFactory.getLogger(HttpEventIntake.class);

    private final HttpIntakeSettings settings;
    private final HttpAdmission admission;
    private final HttpMetrics metrics;
    private final ApiKeys apiKeys;
    private final PeerSlots inProgress;
    private final JsonBodyReader json;
    private final NdjsonBodyReader ndjson;

    /**
     * @param admission the gate to downstream, opened and closed by ingest's lifecycle
     */
    public HttpEventIntake(HttpIntakeSettings settings, HttpAdmission admission, HttpMetrics metrics) {
        this.settings = settings;
        this.admission = admission;
        this.metrics = metrics;
        this.apiKeys = new ApiKeys(settings.apiKeys());
        this.inProgress = new PeerSlots(settings.maxConcurrentRequests(), settings.maxConcurrentRequestsPerPeer(),
                AddressRanges.none());
        this.json = new JsonBodyReader(settings);
        this.ndjson = new NdjsonBodyReader(settings);
    }

    public IntakeResponse handle(IntakeRequest request) {
        long arrived = System.nanoTime();
        IntakeResponse response = answer(request);
        if (response.status() == 202) {
            metrics.acknowledged(System.nanoTime() - arrived);
        }
        metrics.response(response.status());
        if (response.status() >= 400) {
            log.debug("{} request answered {}: {}", request.format(), response.status(), response.body());
        }
        return response;
    }

    private IntakeResponse answer(IntakeRequest request) {
        long receivedAt = System.currentTimeMillis();
        switch (apiKeys.check(request.apiKey())) {
            case MISSING -> {
                return IntakeResponse.error(401, "missing X-API-Key header");
            }
            case WRONG -> {
                return IntakeResponse.error(401, "the X-API-Key is not valid");
            }
            case ALLOWED -> { }
        }
        Map<String, String> logsource = Map.of();
        if (request.input() != null) {
            logsource = settings.inputs().get(request.input());
            if (logsource == null) {
                return IntakeResponse.error(404, "no input named " + Quoted.of(request.input())
                        + " is configured (keel.ingest.http.inputs.<name>)");
            }
        }
        if (!admission.isOpen()) {
            return unavailable();
        }
        String mismatch = request.format().mismatch(request.contentType());
        if (mismatch != null) {
            return IntakeResponse.error(415, mismatch);
        }
        ContentCoding coding;
        try {
            coding = ContentCoding.of(request.contentEncodings());
        } catch (ContentCoding.UnsupportedCodingException e) {
            return IntakeResponse.error(415, e.getMessage());
        }
        // The body as sent is capped too (see read), so a declared length over the limit is refused at once.
        if (request.contentLength() > settings.maxBodyBytes()) {
            return IntakeResponse.error(413, "the body is " + request.contentLength()
                    + " bytes, larger than max-body-size " + settings.maxBodyBytes() + " bytes");
        }
        switch (inProgress.tryTake(request.peer())) {
            case ALL_TAKEN -> {
                return IntakeResponse.retryLater(429, "too many requests in progress (max-concurrent-requests "
                        + settings.maxConcurrentRequests() + "); retry later", settings.retryAfterSeconds());
            }
            case PEER_SHARE_TAKEN -> {
                return IntakeResponse.retryLater(429, "too many requests in progress from your address"
                        + " (max-concurrent-requests-per-peer " + settings.maxConcurrentRequestsPerPeer()
                        + ", and only one while few slots are free); retry later", settings.retryAfterSeconds());
            }
            case NONE -> { }
        }
        try {
            return readAndAdmit(request, coding, receivedAt, logsource);
        } finally {
            inProgress.release(request.peer());
        }
    }

    private IntakeResponse readAndAdmit(IntakeRequest request, ContentCoding coding, long receivedAt,
            Map<String, String> logsource) {
        ParsedBody parsed;
        try {
            parsed = read(request, coding, receivedAt, logsource);
        } catch (RefusedBodyException e) {
            return IntakeResponse.error(e.status(), e.getMessage());
        } catch (BodyTooLargeException e) {
            return IntakeResponse.error(413, e.getMessage());
        } catch (BodyTimeoutException | SocketTimeoutException e) {
            return IntakeResponse.error(408, e instanceof BodyTimeoutException ? e.getMessage()
                    : "the body stopped arriving: " + e.getMessage());
        } catch (NotUtf8Exception e) {
            return IntakeResponse.error(400, e.getMessage());
        } catch (ZipException | EOFException e) {
            return IntakeResponse.error(400, coding == ContentCoding.GZIP
                    ? "the body is not valid gzip: " + e.getMessage()
                    : "the body ended early: " + e.getMessage());
        } catch (IOException e) {
            return IntakeResponse.error(400, "could not read the body: " + e);
        } catch (RuntimeException e) {
            // A reader bug, or a server stream failing in an unexpected way: answer, never a 500 without a word.
            log.warn("reading a {} request body failed unexpectedly; answered 400", request.format(), e);
            return IntakeResponse.error(400, "the body could not be read: " + cut(e.toString()));
        }
        return admit(parsed);
    }

    private ParsedBody read(IntakeRequest request, ContentCoding coding, long receivedAt,
            Map<String, String> logsource) throws IOException, RefusedBodyException {
        long max = settings.maxBodyBytes();
        InputStream timed = new TimedInputStream(request.body().open(), settings.bodyTimeout().toMillis(),
                settings.minBodyBytesPerSecond());
        boolean plain = coding == ContentCoding.IDENTITY;
        InputStream decoded = plain
                ? new LimitedInputStream(timed, max)
                : new LimitedInputStream(coding.decode(new LimitedInputStream(timed, max, " as sent (compressed)")),
                        max, " (counted after decompression)");
        InputStream body = new Utf8OnlyInputStream(decoded, plain ? "" : " (after decompression)");
        return switch (request.format()) {
            case JSON -> json.read(body, receivedAt, logsource);
            case NDJSON -> ndjson.read(body, receivedAt, logsource);
        };
    }

    private IntakeResponse admit(ParsedBody parsed) {
        List<Event> events = parsed.events();
        List<EventError> errors = parsed.errors();
        if (events.isEmpty()) {
            metrics.rejected(errors.size());
            return new IntakeResponse(400, new RejectedBody("none of the " + errors.size()
                    + " events is valid; see errors", 0, errors.size(), errors), 0);
        }
        Admission admitted;
        try {
            admitted = admission.admit(events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        }
        return switch (admitted) {
            case ACCEPTED -> {
                metrics.accepted(events.size());
                metrics.rejected(errors.size());
                metrics.invalidTimestamps(parsed.invalidTimestamps());
                yield new IntakeResponse(202, new AcceptedBody(events.size(), errors.size(), errors), 0);
            }
            case FULL -> IntakeResponse.retryLater(429, "the pipeline cannot take these " + events.size()
                    + " events now; none was queued, retry the whole request later", settings.retryAfterSeconds());
            case CLOSED -> unavailable();
        };
    }

    private IntakeResponse unavailable() {
        return IntakeResponse.retryLater(503, "ingest is not running (starting, stopping or stopped); retry later",
                settings.retryAfterSeconds());
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
