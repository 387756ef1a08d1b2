package dev.keel.app.http;

import dev.keel.app.lifecycle.KeelPhases;
import dev.keel.ingest.IngestProperties;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.spring.ComponentLifecycle;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The ingest port's Jetty, guarded by {@link HttpConnectionGuard}. Spring Boot applies this
 * customizer to the main server only; the management server on its own port is left alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpConnectionProperties.class)
public class IngestServerConfiguration {

    @Bean
    HttpConnectionGuard httpConnectionGuard(HttpConnectionProperties properties, LifecycleEnvironment environment) {
        return new HttpConnectionGuard(properties, environment);
    }

    @Bean
    ComponentLifecycle httpConnectionGuardLifecycle(HttpConnectionGuard guard) {
        return new ComponentLifecycle(guard, KeelPhases.HTTP);
    }

    /** Health's {@code ingestExposure}: UP, with a warning while ingest is open to anyone. */
    @Bean
    OpenIngestWarning ingestExposure(Environment environment, IngestProperties ingest) {
        return new OpenIngestWarning(environment.getProperty("server.address", ""), ingest.apiKeys().size());
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> openIngestWarningAtStart(OpenIngestWarning warning) {
        return event -> warning.logAtStart();
    }

    @Bean
    WebServerFactoryCustomizer<JettyServletWebServerFactory> guardedIngestServer(HttpConnectionGuard guard) {
        return factory -> factory.addServerCustomizers(guard::guard);
    }
}
