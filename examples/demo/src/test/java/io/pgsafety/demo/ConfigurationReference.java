package io.pgsafety.demo;

import io.pgsafety.core.config.ConfigKey;
import java.util.Locale;

/**
 * {@code docs/configuration.md}, written from {@link ConfigKey} (every key, its default and
 * meaning) and the rules by which each tool spells a key; {@link ConfigurationReferenceTest}
 * checks those spellings against the code that reads them.
 */
final class ConfigurationReference {

    static final String PAGE = "docs/configuration.md";
    static final String EXAMPLE_RULE = "prefer-text";

    private ConfigurationReference() {}

    static String render() {
        StringBuilder page = new StringBuilder();
        page.append("""
                # Configuration reference

                <!-- Generated from ConfigKey (safety-core) by ConfigurationReferenceTest (examples/demo): do not edit.
                     Regenerate: mvn -B -q -pl examples/demo -am test -Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dpgsafety.docs.write=true -->

                pg-safety has one set of keys for every tool; each tool spells them its own way (below). This
                page is generated from the code that defines the keys, and the tests check every spelling
                against the code that reads it. An unknown key, or a bad value, is an error that names the key.

                ## Keys

                | key | default | meaning |
                |---|---|---|
                """);
        for (ConfigKey key : ConfigKey.values()) {
            page.append("| `").append(key.key()).append("` | ").append(code(key.defaultValue())).append(" | ")
                    .append(key.description()).append(" |\n");
        }
        page.append("""

                Durations (`lockTimeout`, `statementTimeout`, `retryBackoff`) are written `500ms`, `2s`, `1min`
                or `1h`; a bare number is milliseconds, as PostgreSQL reads `lock_timeout`. `rules.<id>` takes
                the id of a rule of the [rule reference](rules/README.md), for example
                `rules.%s`.

                ## Flyway

                | key | `flyway.conf`, `configuration(Map)` | environment | `flyway.toml`, table `[flyway.safety]` | command line |
                |---|---|---|---|---|
                """.formatted(EXAMPLE_RULE));
        for (ConfigKey key : ConfigKey.values()) {
            page.append("| `").append(key.key()).append("` | `").append(flywayProperty(key)).append("` | `")
                    .append(flywayEnvironment(key)).append("` | `").append(key.key()).append(" = …` | `-")
                    .append(flywayProperty(key).substring("flyway.".length())).append("=…` |\n");
        }
        page.append("""

                Flyway reads the keys when pg-safety's jar is on its class path (see [Flyway](flyway.md)).
                In the environment, the rule id's hyphens become underscores (`%s`).

                ## Liquibase

                | key | `liquibase.properties`, `-D` | environment | command line |
                |---|---|---|---|
                """.formatted(flywayEnvironment(ConfigKey.RULES).replace("<ID>", upperSnake(EXAMPLE_RULE))));
        for (ConfigKey key : ConfigKey.values()) {
            page.append("| `").append(key.key()).append("` | `").append(liquibaseProperty(key)).append("` | `")
                    .append(liquibaseEnvironment(key)).append("` | `").append(liquibaseFlag(key)).append("` |\n");
        }
        page.append("""

                Liquibase reads the keys when pg-safety's jar is in its `lib/` or on the application's class
                path (see [Liquibase](liquibase.md)). Liquibase's command line takes the rule severities as one
                list: `--safety-rules=%s=off,create-index-non-concurrent=warning`.

                ## `lint`

                `lint --config FILE` reads a Java properties file with `safety.<key>` entries
                (`safety.lockTimeout=5s`, `safety.rules.%s=off`). Three keys also have flags of their own:
                `--pg-version N`, `--strict` and `--rule <id>=error|warning|off` (repeatable).
                """.formatted(EXAMPLE_RULE, EXAMPLE_RULE));
        return page.toString();
    }

    static String flywayProperty(ConfigKey key) {
        return "flyway.safety." + key.key();
    }

    static String flywayEnvironment(ConfigKey key) {
        return "FLYWAY_SAFETY_" + upperSnake(key.key());
    }

    static String liquibaseProperty(ConfigKey key) {
        return "liquibase.safety." + key.key();
    }

    static String liquibaseEnvironment(ConfigKey key) {
        return "LIQUIBASE_SAFETY_" + upperSnake(key.key());
    }

    static String liquibaseFlag(ConfigKey key) {
        if (key == ConfigKey.RULES) {
            return "--safety-rules=<id>=<severity>,…";
        }
        return "--safety-" + key.key().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT) + "=…";
    }

    /** {@code lockTimeout} → {@code LOCK_TIMEOUT}; {@code rules.<id>} → {@code RULES_<ID>}. */
    static String upperSnake(String key) {
        return key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String code(String defaultValue) {
        return defaultValue.contains(" ") ? defaultValue : "`" + defaultValue + "`";
    }
}
