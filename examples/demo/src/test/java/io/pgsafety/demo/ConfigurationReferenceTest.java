package io.pgsafety.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.config.ConfigKey;
import io.pgsafety.flyway.SafetyConfigurationExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import liquibase.Scope;
import liquibase.configuration.ConfigurationDefinition;
import liquibase.configuration.LiquibaseConfiguration;
import liquibase.configuration.core.EnvironmentValueProvider;
import liquibase.integration.commandline.LiquibaseCommandLine;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is what {@link ConfigurationReference} writes today, and the
 * spellings it gives are the ones Flyway, Liquibase and the plugins actually read.
 */
class ConfigurationReferenceTest {

    private static final String WRITE = "pgsafety.docs.write";

    @Test
    void pageIsUpToDate() throws Exception {
        Path page = Repository.root().resolve(ConfigurationReference.PAGE);
        String expected = ConfigurationReference.render();
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(page, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        assertThat(actual).as(ConfigurationReference.PAGE + " is out of date (ConfigKey changed); regenerate it:"
                + " mvn -B -q -pl examples/demo -am test -Dtest=ConfigurationReferenceTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true").isEqualTo(expected);
    }

    @Test
    void flywayEnvironmentVariablesNameTheirKeys() {
        SafetyConfigurationExtension extension = new SafetyConfigurationExtension();
        for (ConfigKey key : ConfigKey.values()) {
            String rule = ConfigurationReference.upperSnake(ConfigurationReference.EXAMPLE_RULE);
            String variable = ConfigurationReference.flywayEnvironment(key).replace("<ID>", rule);
            String property = ConfigurationReference.flywayProperty(key).replace("<id>", ConfigurationReference.EXAMPLE_RULE);
            assertThat(extension.getConfigurationParameterFromEnvironmentVariable(variable)).as(variable).isEqualTo(property);
        }
    }

    @Test
    void liquibaseDefinesEveryKeyUnderTheSpellingsOfThePage() throws Exception {
        Map<String, ConfigurationDefinition<?>> definitions = Scope.getCurrentScope()
                .getSingleton(LiquibaseConfiguration.class).getRegisteredDefinitions(false).stream()
                .collect(Collectors.toMap(ConfigurationDefinition::getKey, d -> d));
        for (ConfigKey key : ConfigKey.values()) {
            String property = key == ConfigKey.RULES ? "liquibase.safety.rules" : ConfigurationReference.liquibaseProperty(key);
            ConfigurationDefinition<?> definition = definitions.get(property);
            assertThat(definition).as("Liquibase definition " + property).isNotNull();

            String flag = ConfigurationReference.liquibaseFlag(key);
            assertThat(ArgNames.of(definition)).as(property).contains(flag.substring(0, flag.indexOf('=')));

            if (key != ConfigKey.RULES) {
                String variable = ConfigurationReference.liquibaseEnvironment(key);
                assertThat(new Environment(variable).getProvidedValue(property)).as(variable).isNotNull();
            }
        }
    }

    /** The flags Liquibase's command line accepts for a configuration key. */
    private static final class ArgNames extends LiquibaseCommandLine {
        static Set<String> of(ConfigurationDefinition<?> definition) {
            return Set.copyOf(Arrays.asList(toArgNames(definition)));
        }
    }

    /** Liquibase's own reading of the environment, over one variable. */
    private static final class Environment extends EnvironmentValueProvider {
        private final Map<String, String> variables;

        Environment(String variable) {
            this.variables = Map.of(variable, "set");
        }

        @Override
        protected Map<?, ?> getMap() {
            return variables;
        }
    }
}
