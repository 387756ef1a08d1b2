package dev.keel.app.console;

import dev.keel.app.lifecycle.KeelPhases;
import dev.keel.detect.DetectComponent;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.spring.ComponentLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The flow history, its sampler (a component at {@link KeelPhases#CONSOLE}) and the console's endpoints. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleBeans {

    @Bean
    FlowHistory flowHistory(ConsoleProperties properties) {
        return new FlowHistory(properties.samples());
    }

    @Bean
    FlowSampler flowSampler(MeterRegistry registry, FlowHistory history, ConsoleProperties properties,
            LifecycleEnvironment environment) {
        return new FlowSampler(registry, history, properties.sampleInterval(), environment);
    }

    @Bean
    ComponentLifecycle consoleLifecycle(FlowSampler sampler) {
        return new ComponentLifecycle(sampler, KeelPhases.CONSOLE);
    }

    @Bean
    HistoryEndpoint historyEndpoint(FlowHistory history, ConsoleProperties properties) {
        return new HistoryEndpoint(history, properties);
    }

    @Bean
    RulesEndpoint rulesEndpoint(DetectComponent detect) {
        return new RulesEndpoint(detect);
    }
}
