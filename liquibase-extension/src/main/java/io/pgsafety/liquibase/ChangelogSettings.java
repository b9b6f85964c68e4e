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
        for (String key : keys) {
            put(values, changeLog, prefix + key);
        }
        for (String rule : RuleRegistry.knownIds()) {
            put(values, changeLog, prefix + "rules." + rule);
        }
        return values;
    }

    /** The value the changelog (may be null) sets for {@code key}; null when it sets none. */
    static String value(DatabaseChangeLog changeLog, String key) {
        ChangeLogParameters parameters = changeLog == null ? null : changeLog.getChangeLogParameters();
        Object value = parameters == null ? null : parameters.getValue(key, changeLog);
        return value == null ? null : value.toString();
    }

    private static void put(Map<String, String> values, DatabaseChangeLog changeLog, String key) {
        String value = value(changeLog, key);
        if (value != null) {
            values.put(key, value);
        }
    }
}
