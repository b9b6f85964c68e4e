package io.pgsafety.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * pg-safety for the Liquibase that Spring Boot runs at start-up, set with {@code pg-safety.liquibase.*}.
 *
 * <p>The {@code liquibase-extension} jar plugs into Liquibase by itself ({@code ServiceLoader});
 * what Spring adds is the settings. Liquibase reads configuration from its current {@code Scope},
 * ahead of system properties and the environment, so each {@code SpringLiquibase} bean runs in a
 * scope holding the settings as {@code liquibase.safety.*} values: see {@link LiquibaseSafetyScope}.
 */
@AutoConfiguration
@ConditionalOnClass(name = "liquibase.integration.spring.SpringLiquibase")
@ConditionalOnProperty(prefix = "spring.liquibase", name = "enabled", matchIfMissing = true)
public class SafetyLiquibaseAutoConfiguration {

    static final String PREFIX = "pg-safety.liquibase";

    /** Static: a post-processor is created before the other beans, without this configuration. */
    @Bean
    static LiquibaseSafetyScope pgSafetyLiquibaseScope(Environment environment) {
        return new LiquibaseSafetyScope(SafetySettings.bind(environment, PREFIX));
    }
}
