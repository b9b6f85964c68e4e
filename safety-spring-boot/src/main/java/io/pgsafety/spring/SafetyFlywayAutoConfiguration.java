package io.pgsafety.spring;

import io.pgsafety.flyway.SafetyCallback;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * pg-safety for the Flyway that Spring Boot runs at start-up, set with {@code pg-safety.flyway.*}.
 *
 * <p>Boot's Flyway auto-configuration (package {@code org.springframework.boot.autoconfigure.flyway}
 * up to 3.5, {@code org.springframework.boot.flyway.autoconfigure} from 4.0) registers every
 * Flyway {@code Callback} bean with its Flyway, so a bean of Flyway's own callback type serves
 * both lines without naming either package. Registered explicitly, it also makes the callback
 * that the {@code flyway-callback} jar registers by itself step aside: the pre-flight runs once.
 *
 * <p>The keys live in pg-safety's own namespace, beside Boot's: Boot binds {@code spring.liquibase.*}
 * strictly (an unknown key there fails the start), and {@code spring.*} is Boot's to extend.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.flywaydb.core.Flyway")
@ConditionalOnProperty(prefix = "spring.flyway", name = "enabled", matchIfMissing = true)
public class SafetyFlywayAutoConfiguration {

    static final String PREFIX = "pg-safety.flyway";
    static final String MINIMUM_FLYWAY = "11.16";
    /** A type that Flyway has since {@value #MINIMUM_FLYWAY}, and that the flyway-callback jar builds on. */
    private static final String SINCE_MINIMUM = "org.flywaydb.core.internal.callback.InternalCallback";
    private static final String FLYWAY_VERSION_RESOURCE = "org/flywaydb/core/internal/version.txt";

    @Bean
    @ConditionalOnMissingBean(SafetyCallback.class)
    SafetyCallback pgSafetyFlywayCallback(Environment environment) {
        requireSupportedFlyway(getClass().getClassLoader());
        return new SafetyCallback(SafetySettings.bind(environment, PREFIX).config());
    }

    /**
     * Fails with the fix instead of a {@code NoClassDefFoundError} from inside Flyway: Spring Boot
     * 3.5 manages Flyway 11.7, and the application has to choose a newer one.
     */
    static void requireSupportedFlyway(ClassLoader classLoader) {
        if (!ClassUtils.isPresent(SINCE_MINIMUM, classLoader)) {
            throw new IllegalStateException("pg-safety needs Flyway " + MINIMUM_FLYWAY + " or later; this application"
                    + " has Flyway " + flywayVersion(classLoader) + ". Spring Boot 3.5 manages"
                    + " Flyway 11.7: set the flyway.version property (Boot's dependency management) to 11.20.3"
                    + " or another version from " + MINIMUM_FLYWAY + " on.");
        }
    }

    /** What flyway-core says of itself (the resource its own version banner reads). */
    private static String flywayVersion(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(FLYWAY_VERSION_RESOURCE)) {
            return in == null ? "older than that" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "older than that";
        }
    }
}
