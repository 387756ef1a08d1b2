package dev.keel.ingest;

import dev.keel.ingest.net.AddressRanges;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the ingest module, under keel.ingest. The {@link DefaultValue}s are
 * the single source of truth for defaults ({@link #defaults()} binds an empty source).
 *
 * @param apiKeys API keys accepted in the X-API-Key header of HTTP requests; empty (the
 *     default) turns authentication off
 * @param retryAfter the Retry-After that 429 and 503 answers carry, rounded up to whole seconds
 * @param stopTimeout how long ingest's stop may take before it reports stuck workers
 * @param http limits of the HTTP endpoints
 * @param syslog the syslog listeners and their parse/normalize worker pool
 */
@ConfigurationProperties("keel.ingest")
@Validated
public record IngestProperties(
        @DefaultValue List<@NotBlank String> apiKeys,
        @DefaultValue("1s") @NotNull Duration retryAfter,
        @DefaultValue("5s") @NotNull Duration stopTimeout,
        @DefaultValue @NotNull @Valid Http http,
        @DefaultValue @NotNull @Valid Syslog syslog) {

    public IngestProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        requirePositive("keel.ingest.retry-after", retryAfter);
        requirePositive("keel.ingest.stop-timeout", stopTimeout);
    }

    /** Every default, bound from an empty source. */
    public static IngestProperties defaults() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("keel.ingest", IngestProperties.class);
    }

    /** Like the record's own, but with the API keys masked: they are secrets, and a toString ends up in logs. */
    @Override
    public String toString() {
        return "IngestProperties[apiKeys=" + apiKeys.size() + " masked, retryAfter=" + retryAfter + ", stopTimeout="
                + stopTimeout + ", http=" + http + ", syslog=" + syslog + "]";
    }

    /**
     * Limits of POST /api/v1/events and POST /api/v1/events/bulk.
     *
     * @param maxBodySize the largest request body, measured both as sent and after decompression
     *     (a gzip bomb is refused with 413 once it inflates past this)
     * @param maxEventSize the largest single event: an NDJSON line, an array element, or a lone object
     * @param maxDepth the deepest nesting of objects and arrays in one event, the event object counting as 1
     * @param maxFields the most object members in one event, counted at every depth
     * @param maxEvents the most events (valid or not) in one request; at most the downstream
     *     queue's capacity (the service refuses to start otherwise: such a request could never be
     *     admitted)
     * @param maxConcurrentRequests the most requests read, parsed and admitted at once; more get
     *     429, so memory stays bounded by about this times max-body-size
     * @param maxConcurrentRequestsPerPeer how many of those one client address may hold, and it may
     *     hold a second only while more than this many are free, so that a few clients trickling
     *     their bodies cannot take them all; peers in {@code keel.http.exempt-peers} are limited by
     *     max-concurrent-requests only
     * @param admissionWait how long a request may wait for room downstream before it gets 429
     * @param bodyTimeout how long a whole request body may take to arrive; a slower one gets 408
     * @param minBodyRate the slowest a body may arrive, in bytes per second, after a 2 s allowance;
     *     a slower one gets 408, so clients trickling their bodies cannot hold the
     *     max-concurrent-requests slots for body-timeout; 0 turns the check off
     * @param inputs named inputs: {@code POST /api/v1/inputs/{name}/events} (and {@code .../bulk})
     *     take events as the plain endpoints do, and give each event the input's log source
     *     unless it carries its own, so that one shipper's events reach the rules scoped to it
     */
    public record Http(
            @DefaultValue("5MB") @NotNull DataSize maxBodySize,
            @DefaultValue("256KB") @NotNull DataSize maxEventSize,
            @DefaultValue("16") @Min(1) @Max(256) int maxDepth,
            @DefaultValue("256") @Min(1) int maxFields,
            @DefaultValue("1000") @Min(1) int maxEvents,
            @DefaultValue("32") @Min(1) int maxConcurrentRequests,
            @DefaultValue("4") @Min(1) int maxConcurrentRequestsPerPeer,
            @DefaultValue("100ms") @NotNull Duration admissionWait,
            @DefaultValue("30s") @NotNull Duration bodyTimeout,
            @DefaultValue("4KB") @NotNull DataSize minBodyRate,
            Map<String, Input> inputs) {

        private static final Pattern INPUT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

        public Http {
            requirePositive("keel.ingest.http.max-body-size", maxBodySize);
            inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
            inputs.forEach((name, input) -> {
                if (!INPUT_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("keel.ingest.http.inputs." + name + ": an input name is 1 to 64 "
                            + "lower-case letters, digits, '-' or '_' (it is a path segment)");
                }
                checkLogSource("keel.ingest.http.inputs." + name + ".logsource", input.logsource());
            });
            requirePositive("keel.ingest.http.max-event-size", maxEventSize);
            if (maxEventSize != null && maxEventSize.toBytes() > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("keel.ingest.http.max-event-size must be below 2GB, was " + maxEventSize);
            }
            if (maxBodySize != null && maxEventSize != null && maxEventSize.compareTo(maxBodySize) > 0) {
                throw new IllegalArgumentException("keel.ingest.http.max-event-size (" + maxEventSize
                        + ") must not exceed keel.ingest.http.max-body-size (" + maxBodySize + ")");
            }
            requirePositive("keel.ingest.http.body-timeout", bodyTimeout);
            if (admissionWait != null && admissionWait.isNegative()) {
                throw new IllegalArgumentException("keel.ingest.http.admission-wait must not be negative, was " + admissionWait);
            }
            if (minBodyRate != null && minBodyRate.isNegative()) {
                throw new IllegalArgumentException("keel.ingest.http.min-body-rate must not be negative, was " + minBodyRate);
            }
        }
    }

    /**
     * One named HTTP input.
     *
     * @param logsource the log source its events get: {@code product}, {@code category}, {@code service}
     */
    public record Input(Map<String, String> logsource) {
        public Input {
            logsource = logsource == null ? Map.of() : Map.copyOf(logsource);
        }
    }

    /**
     * The syslog listeners (TCP and UDP on the same port number) and the worker pool that parses
     * what they read.
     *
     * @param enabled whether ingest listens for syslog at all
     * @param bindAddress the address both listeners bind to; 0.0.0.0 listens on every interface
     * @param port the TCP and UDP port; 0 picks a free port for each (tests)
     * @param maxConnections the most TCP connections at once; further ones are closed at once
     * @param idleTimeout a TCP connection that completes no frame for this long is closed (also
     *     ends a sender that trickles bytes without ever finishing a frame)
     * @param maxFrameSize the largest syslog message; longer frames are kept truncated and marked.
     *     The hand-off holds at most hand-off-capacity times this many bytes (64 MB by default)
     * @param parseWorkers the parse/normalize worker threads
     * @param handOffCapacity frames the hand-off between listeners and parse workers holds; when it
     *     is full TCP handlers stop reading and UDP datagrams are dropped (counted)
     * @param batchSize the most events a parse worker hands downstream at once
     * @param maxConnectionsPerPeer the most TCP connections one peer address may hold; further ones
     *     are closed at once, so a few addresses cannot take every connection slot
     * @param exemptPeers addresses or CIDR ranges not limited per peer (known aggregators)
     * @param logsource the log source every syslog event is stamped with, so that rules scoped to it
     *     see them: {@code product}, {@code category}, {@code service} (say {@code product: linux});
     *     empty by default, so only rules without a {@code logsource} see syslog events
     */
    public record Syslog(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("127.0.0.1") @NotBlank String bindAddress,
            @DefaultValue("5514") @Min(0) @Max(65535) int port,
            @DefaultValue("256") @Min(1) int maxConnections,
            @DefaultValue("60s") @NotNull Duration idleTimeout,
            @DefaultValue("8KB") @NotNull DataSize maxFrameSize,
            @DefaultValue("2") @Min(1) @Max(64) int parseWorkers,
            @DefaultValue("8192") @Min(1) int handOffCapacity,
            @DefaultValue("256") @Min(1) int batchSize,
            @DefaultValue("16") @Min(1) int maxConnectionsPerPeer,
            @DefaultValue List<String> exemptPeers,
            Map<String, String> logsource) {

        /** RFC 5424 6.1: every receiver must accept messages of 480 octets. */
        static final long MIN_FRAME_BYTES = 480;
        /** Far above any real syslog message; keeps one connection's buffer bounded. */
        static final long MAX_FRAME_BYTES = 16L * 1024 * 1024;

        public Syslog {
            requirePositive("keel.ingest.syslog.idle-timeout", idleTimeout);
            exemptPeers = exemptPeers == null ? List.of()
                    : exemptPeers.stream().map(String::trim).filter(entry -> !entry.isEmpty()).toList();
            AddressRanges.parse(exemptPeers); // refuses a bad entry at start, naming it
            logsource = logsource == null ? Map.of() : Map.copyOf(logsource);
            checkLogSource("keel.ingest.syslog.logsource", logsource);
            if (maxFrameSize != null
                    && (maxFrameSize.toBytes() < MIN_FRAME_BYTES || maxFrameSize.toBytes() > MAX_FRAME_BYTES)) {
                throw new IllegalArgumentException("keel.ingest.syslog.max-frame-size must be between 480B (RFC 5424's"
                        + " minimum) and 16MB, was " + maxFrameSize);
            }
        }
    }

    private static void checkLogSource(String name, Map<String, String> logsource) {
        for (String part : logsource.keySet()) {
            if (!List.of("product", "category", "service").contains(part)) {
                throw new IllegalArgumentException(name + "." + part + " is not a log source part (product, category, "
                        + "service)");
            }
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(String name, DataSize value) {
        if (value != null && value.toBytes() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
