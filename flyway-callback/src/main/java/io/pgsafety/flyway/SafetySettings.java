package io.pgsafety.flyway;

import io.pgsafety.core.config.ConfigException;
import io.pgsafety.core.config.SafetyConfig;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.extensibility.ConfigurationExtension;

/** The pg-safety settings of a Flyway configuration: its {@code flyway.safety.*} keys. */
final class SafetySettings {

    private SafetySettings() {}

    /** The {@code flyway.safety.*} keys; throws naming a bad key or value. */
    static SafetyConfig fromKeys(Configuration configuration) {
        try {
            for (ConfigurationExtension e : configuration.getPluginRegister().getInstancesOf(ConfigurationExtension.class)) {
                if (e instanceof SafetyConfigurationExtension safety) {
                    return safety.toSafetyConfig();
                }
            }
            return SafetyConfig.defaults();
        } catch (ConfigException e) {
            throw new FlywayException("pg-safety configuration: " + e.getMessage(), e);
        }
    }
}
