package dev.keel.console;

import dev.keel.storage.StorageComponent;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console at {@code /} of the management server, beside Actuator and behind the same
 * credentials, with its reads of storage ({@link ConsoleReads}); none of it is served on the
 * ingest port. ANY, so it follows Actuator when an operator puts management on the ingest port
 * after all. Outside {@code dev.keel.app}, whose component scan would otherwise add it to the
 * ingest server's context as well; Actuator loads it from
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}.
 */
@ManagementContextConfiguration(ManagementContextType.ANY)
public class ConsoleConfiguration implements WebMvcConfigurer {

    private static final String LOCATION = "classpath:/console/";
    static final String[] FILES = {"/index.html", "/console.css", "/console.js", "/charts.js"};

    @Bean
    ConsoleReads consoleReads(StorageComponent storage) {
        return new ConsoleReads(storage);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(FILES).addResourceLocations(LOCATION);
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName("forward:/index.html");
    }
}
