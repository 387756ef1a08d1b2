package dev.keel.app;

import dev.keel.app.api.RecentController;
import dev.keel.app.http.HttpConnectionProperties;
import dev.keel.app.lifecycle.HandOffLimits;
import dev.keel.app.lifecycle.KeelPhases;
import dev.keel.app.lifecycle.ShutdownPhaseTimeoutCheck;
import dev.keel.app.management.ManagementProperties;
import dev.keel.detect.DetectComponent;
import dev.keel.detect.DetectProperties;
import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.IngestProperties;
import dev.keel.ingest.http.EventsController;
import dev.keel.ingest.net.AddressRanges;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.spring.ComponentLifecycle;
import dev.keel.storage.StorageComponent;
import dev.keel.storage.StorageProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The whole component graph in one place: ingest → detect → storage, each a plain component
 * made a {@code SmartLifecycle} bean at its phase (see {@link KeelPhases}), so storage starts
 * first and stops last and ingest starts last and stops first.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({StorageProperties.class, DetectProperties.class, IngestProperties.class,
        ManagementProperties.class})
public class KeelComponents {

    @Bean
    LifecycleEnvironment lifecycleEnvironment(MeterRegistry meters) {
        return LifecycleEnvironment.withMeters(meters);
    }

    @Bean
    StorageComponent storage(StorageProperties properties, LifecycleEnvironment environment) {
        return new StorageComponent(properties, environment);
    }

    @Bean
    DetectComponent detect(DetectProperties properties, StorageComponent storage, LifecycleEnvironment environment) {
        return new DetectComponent(properties, storage.events(), storage.alerts(), environment);
    }

    @Bean
    IngestComponent ingest(IngestProperties properties, DetectProperties detectProperties, DetectComponent detect,
            LifecycleEnvironment environment) {
        HandOffLimits.check(properties, detectProperties);
        return new IngestComponent(properties, detect, environment);
    }

    @Bean
    EventsController eventsController(IngestComponent ingest, HttpConnectionProperties http) {
        return new EventsController(ingest.httpIntake(), AddressRanges.parse(http.exemptPeers()));
    }

    @Bean
    RecentController recentController(StorageComponent storage) {
        return new RecentController(storage);
    }

    @Bean
    ComponentLifecycle storageLifecycle(StorageComponent storage) {
        return new ComponentLifecycle(storage, KeelPhases.STORAGE);
    }

    @Bean
    ComponentLifecycle detectLifecycle(DetectComponent detect) {
        return new ComponentLifecycle(detect, KeelPhases.DETECT);
    }

    @Bean
    ComponentLifecycle ingestLifecycle(IngestComponent ingest) {
        return new ComponentLifecycle(ingest, KeelPhases.INGEST);
    }

    @Bean
    static ShutdownPhaseTimeoutCheck shutdownPhaseTimeoutCheck(Environment environment) {
        return new ShutdownPhaseTimeoutCheck(environment);
    }
}
