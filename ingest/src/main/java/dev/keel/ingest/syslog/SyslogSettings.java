package dev.keel.ingest.syslog;

import dev.keel.ingest.net.AddressRanges;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What the syslog side needs of ingest's configuration, in plain units.
 *
 * @param bindAddress the address the TCP and UDP listeners bind to
 * @param port the port of both; 0 picks a free one for each
 * @param maxConnections the most TCP connections at once
 * @param idleTimeout a TCP connection that completes no frame for this long is closed
 * @param maxFrameBytes the largest message kept whole
 * @param parseWorkers parse/normalize worker threads
 * @param handOffCapacity frames the hand-off to the parse workers holds
 * @param batchSize the most events handed downstream at once
 * @param rfc3164Zone the zone RFC 3164 timestamps (which carry none) are read in
 * @param maxConnectionsPerPeer the most TCP connections one peer address may hold
 * @param exemptPeers peers not limited per peer
 * @param logsource the log source stamped on every syslog event ({@code product}, {@code category},
 *     {@code service}; the events' {@code logsource} attribute), empty for none
 */
public record SyslogSettings(String bindAddress, int port, int maxConnections, Duration idleTimeout,
        int maxFrameBytes, int parseWorkers, int handOffCapacity, int batchSize, ZoneId rfc3164Zone,
        int maxConnectionsPerPeer, AddressRanges exemptPeers, Map<String, String> logsource) {

    /** No per-peer limit beyond max-connections itself. */
    public SyslogSettings(String bindAddress, int port, int maxConnections, Duration idleTimeout,
            int maxFrameBytes, int parseWorkers, int handOffCapacity, int batchSize, ZoneId rfc3164Zone) {
        this(bindAddress, port, maxConnections, idleTimeout, maxFrameBytes, parseWorkers, handOffCapacity, batchSize,
                rfc3164Zone, maxConnections, AddressRanges.none(), Map.of());
    }

    public SyslogSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(rfc3164Zone, "rfc3164Zone");
        Objects.requireNonNull(exemptPeers, "exemptPeers");
        logsource = Map.copyOf(logsource);
        if (port < 0 || port > 65535 || maxConnections < 1 || maxFrameBytes < 1 || parseWorkers < 1
                || handOffCapacity < 1 || batchSize < 1 || maxConnectionsPerPeer < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("invalid syslog settings: " + this);
        }
    }
}
