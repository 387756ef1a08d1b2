package dev.keel.app.management;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may read the protected Actuator endpoints ({@code workers}, {@code prometheus},
 * {@code metrics}) and the status page. Health and info are public.
 *
 * @param username the user name for HTTP Basic authentication
 * @param password the password; while it is empty the protected endpoints stay closed to everyone
 */
@ConfigurationProperties("keel.management")
@Validated
public record ManagementProperties(@DefaultValue("ops") @NotBlank String username, @DefaultValue("") String password) {

    public boolean open() {
        return !password.isEmpty();
    }
}
