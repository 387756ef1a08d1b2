package dev.keel.app.management;

import dev.keel.lifecycle.spring.ComponentLifecycle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The workers endpoint and the {@code components} health contributor, one indicator per component. */
@Configuration(proxyBeanMethods = false)
public class ManagementConfiguration {

    @Bean
    WorkersEndpoint workersEndpoint(List<ComponentLifecycle> components) {
        return new WorkersEndpoint(components);
    }

    @Bean
    HealthContributor components(List<ComponentLifecycle> components) {
        Map<String, ComponentHealthIndicator> indicators = new LinkedHashMap<>();
        components.forEach(lifecycle ->
                indicators.put(lifecycle.component().name(), new ComponentHealthIndicator(lifecycle.component())));
        return CompositeHealthContributor.fromMap(indicators);
    }
}
