package io.pgsafety.liquibase;

import io.pgsafety.core.rules.RuleRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;

/**
 * Changelog-wide settings: a changelog property named like the {@code liquibase.properties} key,
 * {@code <property name="liquibase.safety.lockTimeout" value="5s"/>} (YAML/JSON {@code property:},
 * formatted SQL {@code --property name:… value:…}). Properties follow Liquibase's own rules:
 * global unless {@code global="false"}, filtered by {@code context}, {@code labels} and
 * {@code dbms}, first definition wins.
 *
 * <p>Liquibase offers no way to list a changelog's properties, so only known keys are looked up:
 * a misspelled one is an ordinary changelog property and has no effect.
 */
final class ChangelogSettings {

    private ChangelogSettings() {}

    /**
     * The values the changelog sets, by full key, for {@code keys} (without the prefix) and every
     * {@code rules.<id>} of a known rule.
     */
    static Map<String, String> read(DatabaseChangeLog changeLog, String prefix, Collection<String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        ChangeLogParameters parameters = changeLog == null ? null : changeLog.getChangeLogParameters();
        if (parameters == null) {
            return values;
        }
        for (String key : keys) {
            put(values, parameters, changeLog, prefix + key);
        }
        for (String rule : RuleRegistry.knownIds()) {
            put(values, parameters, changeLog, prefix + "rules." + rule);
        }
        return values;
    }

    private static void put(Map<String, String> values, ChangeLogParameters parameters, DatabaseChangeLog changeLog,
            String key) {
        Object value = parameters.getValue(key, changeLog);
        if (value != null) {
            values.put(key, value.toString());
        }
    }
}
