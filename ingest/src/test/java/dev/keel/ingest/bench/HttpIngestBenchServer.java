package dev.keel.ingest.bench;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.IngestProperties;
import dev.keel.ingest.http.EventsController;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.storage.testing.CountingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The HTTP side of ingest alone, for load generators such as wrk: the real controller, intake
 * and admission on Tomcat, with the downstream replaced by a counting sink. Lives in the test
 * sources because the bench module has no web server on its class path. See docs/ingest.md,
 * "Performance", for how to run it with {@code src/test/resources/bench/ndjson-bulk.lua}.
 * On exit (Ctrl-C or SIGTERM) it prints how many events it handed downstream.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(IngestProperties.class)
public class HttpIngestBenchServer {

    @Bean
    CountingSink downstream() {
        return new CountingSink();
    }

    @Bean
    IngestComponent ingest(IngestProperties properties, CountingSink downstream) {
        return new IngestComponent(properties, downstream,
                new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
    }

    @Bean
    EventsController eventsController(IngestComponent ingest) {
        return new EventsController(ingest.httpIntake());
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(HttpIngestBenchServer.class);
        // wrk's 16 connections all come from one address: this measures throughput, not one client's share.
        application.setDefaultProperties(Map.of("keel.ingest.http.max-concurrent-requests-per-peer", "32"));
        ConfigurableApplicationContext context = application.run(args);
        IngestComponent ingest = context.getBean(IngestComponent.class);
        CountingSink sink = context.getBean(CountingSink.class);
        ingest.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(
                "%n%,d events handed downstream; %s%n", sink.count(), ingest.stop().describe())));
    }
}
