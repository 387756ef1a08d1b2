package dev.keel.ingest.support;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.IngestProperties;
import dev.keel.ingest.http.EventsController;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The smallest application that serves ingest's HTTP endpoints, wired explicitly as the real
 * application does: properties, a downstream (here a recording sink), the component, and the
 * controller as a bean. The tests start and stop the component themselves.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(IngestProperties.class)
public class IngestTestApplication {

    @Bean
    RecordingSink downstream() {
        return RecordingSink.accepting();
    }

    @Bean
    SimpleMeterRegistry ingestMeters() {
        return new SimpleMeterRegistry();
    }

    @Bean
    IngestComponent ingest(IngestProperties properties, RecordingSink downstream, SimpleMeterRegistry meters) {
        return new IngestComponent(properties, downstream, new LifecycleEnvironment(WorkerRegistry.shared(), meters));
    }

    @Bean
    EventsController eventsController(IngestComponent ingest) {
        return new EventsController(ingest.httpIntake());
    }
}
