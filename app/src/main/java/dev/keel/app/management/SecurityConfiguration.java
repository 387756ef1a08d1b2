package dev.keel.app.management;

import static org.springframework.security.config.Customizer.withDefaults;

import dev.keel.ingest.http.EventsController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two servers, one set of rules. On the management port, health and info are public (load
 * balancers, orchestrators) and everything else (the workers endpoint, Prometheus, metrics, the
 * console) needs HTTP Basic credentials from {@link ManagementProperties}. On the ingest port,
 * posting events is public to this layer because ingest checks its own {@code X-API-Key};
 * reading events and alerts needs the same credentials. No sessions and no cookies: every
 * request carries its credentials, which is also why CSRF protection has nothing to protect here.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    /**
     * The password comes from configuration, not from a database that could leak, so the
     * hash only has to keep it out of heap dumps and compare in constant time: cost 4 keeps a
     * status page polling every few seconds from costing a core.
     */
    private static final PasswordEncoder FAST_BCRYPT = new BCryptPasswordEncoder(4);
    private static final String BCRYPT_PREFIX = "{bcrypt}";
    private static final String CONSOLE_POLICY = "default-src 'self'";

    @Bean
    SecurityFilterChain keelSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class)).permitAll()
                        // Ingest checks its own API keys.
                        .requestMatchers(HttpMethod.POST, EventsController.EVENTS_PATH, EventsController.BULK_PATH,
                                EventsController.INPUT_EVENTS_PATH, EventsController.INPUT_BULK_PATH).permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().hasRole("OPS"))
                .httpBasic(withDefaults())
                // The console renders values from events and rules; even if one slipped into
                // markup, no script or style from anywhere but the page's own files would run.
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_POLICY)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    UserDetailsService operators(ManagementProperties management) {
        if (!management.open()) {
            log.warn("keel.management.password is not set: /actuator/workers, /actuator/prometheus, "
                    + "/actuator/metrics, health details, the status page and GET /api/v1/events|alerts are closed; "
                    + "set KEEL_MANAGEMENT_PASSWORD to open them");
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername(management.username())
                .password(BCRYPT_PREFIX + FAST_BCRYPT.encode(management.password()))
                .roles("OPS")
                .build());
    }
}
