package io.pgsafety.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.config.ConfigException;
import io.pgsafety.core.config.ConfigKey;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.rules.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Spring's spellings of every contract key, bound from a real Spring environment. */
class SafetySettingsTest {

    private static final String PREFIX = "pg-safety.flyway";

    /** A valid value of every key but {@code rules.<id>}, by contract key. */
    private static final Map<String, String> SAMPLE = new LinkedHashMap<>();

    static {
        SAMPLE.put("enabled", "true");
        SAMPLE.put("mode", "warn");
        SAMPLE.put("pgVersion", "15");
        SAMPLE.put("strict", "true");
        SAMPLE.put("requireUndo", "false");
        SAMPLE.put("undoPrefix", "R");
        SAMPLE.put("lockTimeout", "5s");
        SAMPLE.put("statementTimeout", "1min");
        SAMPLE.put("lockRetries", "2");
        SAMPLE.put("retryBackoff", "250ms");
        SAMPLE.put("reportFile", "target/pg-safety.json");
        SAMPLE.put("smallTableRows", "1000");
    }

    @Test
    void everyKeyInEverySpringSpellingNamesTheContractKey() {
        for (ConfigKey key : ConfigKey.values()) {
            if (key == ConfigKey.RULES) {
                continue;
            }
            String value = SAMPLE.get(key.key());
            assertThat(value).as("a sample value for " + key.key()).isNotNull();
            String kebab = SafetySettings.kebabCase(key.key());
            String environment = "PGSAFETY_FLYWAY_" + kebab.replace('-', '_').toUpperCase(Locale.ROOT);
            Map<String, SafetySettings> spellings = new LinkedHashMap<>();
            spellings.put(kebab, bind(Map.of(PREFIX + "." + kebab, value), Map.of()));
            spellings.put(key.key(), bind(Map.of(PREFIX + "." + key.key(), value), Map.of()));
            spellings.put(environment, bind(Map.of(), Map.of(environment, value)));
            spellings.forEach((spelling, settings) ->
                    assertThat(settings.byKey()).as(spelling).containsExactly(Map.entry(key.key(), value)));
        }
    }

    @Test
    void ruleSeverityFromPropertiesAndFromTheEnvironment() {
        assertThat(bind(Map.of(PREFIX + ".rules.create-index-non-concurrent", "warning"), Map.of()).config()
                .ruleSeverity("create-index-non-concurrent")).contains(Severity.WARNING);
        assertThat(bind(Map.of(), Map.of("PGSAFETY_FLYWAY_RULES_CREATE_INDEX_NON_CONCURRENT", "off")).config()
                .ruleSeverity("create-index-non-concurrent")).contains(Severity.OFF);
    }

    @Test
    void valuesReachTheConfiguration() {
        Map<String, Object> properties = new LinkedHashMap<>();
        SAMPLE.forEach((key, value) -> properties.put(PREFIX + "." + SafetySettings.kebabCase(key), value));

        SafetyConfig config = bind(properties, Map.of()).config();

        assertThat(config.mode()).isEqualTo(SafetyConfig.Mode.WARN);
        assertThat(config.pgVersion()).hasValue(15);
        assertThat(config.strict()).isTrue();
        assertThat(config.requireUndo()).isFalse();
        assertThat(config.undoPrefix()).isEqualTo("R");
        assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.statementTimeout()).contains(Duration.ofMinutes(1));
        assertThat(config.lockRetries()).isEqualTo(2);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.reportFile()).contains("target/pg-safety.json");
        assertThat(config.smallTableRows()).hasValue(1000);
    }

    @Test
    void unknownKeyAndBadValueAreNamedAsWritten() {
        assertThatThrownBy(() -> bind(Map.of(PREFIX + ".lock-timout", "5s"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown configuration key pg-safety.flyway.lock-timout");
        assertThatThrownBy(() -> bind(Map.of(PREFIX + ".rules.no-such-rule", "off"), Map.of()))
                .hasMessageStartingWith("Unknown rule in configuration key pg-safety.flyway.rules.no-such-rule");
        assertThatThrownBy(() -> bind(Map.of(PREFIX + ".lock-timeout", "soon"), Map.of()))
                .hasMessageStartingWith("Invalid duration for pg-safety.flyway.lock-timeout: 'soon'");
    }

    @Test
    void flywayOlderThanTheMinimumIsNamedWithTheFix() {
        ClassLoader withoutNewerFlyway = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("org.flywaydb.core.internal.callback.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };

        assertThatThrownBy(() -> SafetyFlywayAutoConfiguration.requireSupportedFlyway(withoutNewerFlyway))
                .hasMessageStartingWith("pg-safety needs Flyway 11.16 or later; this application has Flyway 11.20.3.")
                .hasMessageContaining("set the flyway.version property");
        SafetyFlywayAutoConfiguration.requireSupportedFlyway(getClass().getClassLoader());
    }

    private static SafetySettings bind(Map<String, Object> properties, Map<String, Object> environment) {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().addFirst(new MapPropertySource("test", properties));
        spring.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return SafetySettings.bind(spring, PREFIX);
    }
}
