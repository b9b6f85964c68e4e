package io.pgsafety.flyway;

import io.pgsafety.core.config.ConfigException;
import io.pgsafety.core.config.SafetyConfig;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.extensibility.ConfigurationExtension;

/**
 * The pg-safety settings of a Flyway configuration: those given in code to an explicitly
 * registered {@link SafetyCallback}, else the {@code flyway.safety.*} keys.
 */
final class SafetySettings {

    private SafetySettings() {}

    static SafetyConfig of(Configuration configuration) {
        for (Callback callback : configuration.getCallbacks()) {
            if (callback instanceof SafetyCallback safety && safety.explicitConfig() != null) {
                return safety.explicitConfig();
            }
        }
        return fromKeys(configuration);
    }

    /** The {@code flyway.safety.*} keys; throws naming a bad key or value. */
    static SafetyConfig fromKeys(Configuration configuration) {
        try {
            for (ConfigurationExtension e
                    : configuration.getPluginRegister().getInstancesOf(ConfigurationExtension.class)) {
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
