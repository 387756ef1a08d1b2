package dev.keel.app.http;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What one client may hold on the ingest HTTP port. Peers are told apart by their TCP address
 * only, never by a header such as {@code X-Forwarded-For} that a client can write: a proxy or
 * aggregator in front of Keel is one peer, and goes in {@code exempt-peers}.
 *
 * @param maxConnectionsPerPeer open connections one peer address may hold; one more is closed at once
 * @param exemptPeers addresses or CIDR ranges (IPv4 and IPv6) not limited per peer: known
 *     aggregators; neither this connection limit nor ingest's
 *     {@code keel.ingest.http.max-concurrent-requests-per-peer} applies to them
 * @param requestHeadTimeout how long a connection may wait for or send one request head, however
 *     slowly its bytes arrive; a connection idle between requests for this long is closed too
 */
@ConfigurationProperties("keel.http")
@Validated
public record HttpConnectionProperties(
        @DefaultValue("32") @Positive int maxConnectionsPerPeer,
        @DefaultValue("") List<String> exemptPeers,
        @DefaultValue("10s") Duration requestHeadTimeout) {

    public HttpConnectionProperties {
        exemptPeers = exemptPeers.stream().map(String::trim).filter(entry -> !entry.isEmpty()).toList();
        if (requestHeadTimeout.isNegative() || requestHeadTimeout.isZero()) {
            throw new IllegalArgumentException("keel.http.request-head-timeout must be positive, was "
                    + requestHeadTimeout);
        }
    }
}
