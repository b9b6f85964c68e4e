package io.pgsafety.liquibase;

import io.pgsafety.core.config.ConfigException;
import io.pgsafety.core.config.ConfigKey;
import io.pgsafety.core.config.SafetyConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.configuration.AutoloadedConfigurations;
import liquibase.configuration.ConfigurationDefinition;
import liquibase.configuration.ConfiguredValue;
import liquibase.configuration.LiquibaseConfiguration;
import liquibase.configuration.core.DefaultsFileValueProvider;

/**
 * The {@code liquibase.safety.*} keys. Declaring them as Liquibase configuration definitions is
 * what makes {@code liquibase.properties}, {@code LIQUIBASE_SAFETY_*}, {@code -Dliquibase.safety.*}
 * and the {@code --safety-*} global flags all work.
 *
 * <p>Liquibase keys may not contain {@code -}, so per-rule severities ({@code rules.<id>}, with
 * hyphenated ids) cannot be definitions: they are read from the properties file, system
 * properties and environment directly, and the extra key {@code rules}
 * ({@code --safety-rules=create-index-non-concurrent=warning,…}) covers the flag.
 */
public final class SafetyConfiguration implements AutoloadedConfigurations {

    static final String PREFIX = "liquibase.safety.";
    private static final String ENV_PREFIX = "LIQUIBASE_SAFETY_";
    private static final String RULES_LIST = "rules";
    /** A Liquibase-only key: read by {@link #concurrentIndexes()}, not part of {@link SafetyConfig}. */
    private static final String CONCURRENT_INDEXES = "concurrentIndexes";
    /** {@code LiquibaseConfiguration.SCOPED_VALUE_PROVIDERS_KEY}, a constant only since 5.0. */
    private static final String SCOPED_PROVIDERS = "liquibase.scopedValueProviders";

    private static final Map<String, ConfigurationDefinition<String>> DEFINITIONS = new LinkedHashMap<>();

    static {
        ConfigurationDefinition.Builder builder = new ConfigurationDefinition.Builder("liquibase.safety");
        for (ConfigKey key : ConfigKey.values()) {
            if (key == ConfigKey.RULES) {
                continue;
            }
            DEFINITIONS.put(key.key(), builder.define(key.key(), String.class)
                    .setDescription("pg-safety: " + key.description() + " Default: " + key.defaultValue() + ".")
                    .build());
        }
        DEFINITIONS.put(RULES_LIST, builder.define(RULES_LIST, String.class)
                .setDescription("pg-safety: rule severities as <rule-id>=error|warning|off, comma-separated"
                        + " (liquibase.safety.rules.<rule-id> in liquibase.properties works too).")
                .build());
        DEFINITIONS.put(CONCURRENT_INDEXES, builder.define(CONCURRENT_INDEXES, String.class)
                .setDescription("pg-safety: true makes createIndex and dropIndex run CONCURRENTLY on PostgreSQL"
                        + " (outside a transaction); a changeset's safety:concurrently attribute overrides it."
                        + " Default: false.")
                .build());
    }

    /**
     * {@code liquibase.safety.concurrentIndexes}: whether {@code createIndex}/{@code dropIndex} run
     * concurrently in changesets that do not say, from Liquibase's configuration, else from the
     * current scope's changelog. Throws {@link ConfigException} for a value other than true or false.
     */
    static boolean concurrentIndexes() {
        ConfiguredValue<String> configured = DEFINITIONS.get(CONCURRENT_INDEXES).getCurrentConfiguredValue();
        String value = configured.wasDefaultValueUsed() ? null : configured.getValue();
        return concurrentIndexes(value != null ? value
                : ChangelogSettings.value(scopeChangeLog(), PREFIX + CONCURRENT_INDEXES));
    }

    private static boolean concurrentIndexes(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        throw new ConfigException("Invalid value for " + PREFIX + CONCURRENT_INDEXES + ": '" + value.trim()
                + "' (expected true or false)");
    }

    static DatabaseChangeLog scopeChangeLog() {
        return Scope.getCurrentScope().get(Scope.Attr.databaseChangeLog.name(), DatabaseChangeLog.class);
    }

    /**
     * The settings in force for the current Liquibase scope, including those of the changelog it
     * runs. An unknown {@code liquibase.safety.*} key in {@code liquibase.properties}, the system
     * properties or the environment, or a bad value, throws {@link ConfigException} naming the key.
     */
    public static SafetyConfig current() {
        return current(scopeChangeLog());
    }

    /**
     * The settings in force for {@code changeLog} (may be null). Liquibase's configuration (flag,
     * system property, environment, {@code liquibase.properties}) wins over the changelog's
     * properties ({@link ChangelogSettings}), which win over the defaults.
     */
    static SafetyConfig current(DatabaseChangeLog changeLog) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigurationDefinition<String>> e : DEFINITIONS.entrySet()) {
            ConfiguredValue<String> configured = e.getValue().getCurrentConfiguredValue();
            String value = configured.getValue();
            if (value == null || configured.wasDefaultValueUsed()) {
                continue;
            }
            if (e.getKey().equals(RULES_LIST)) {
                putRuleList(values, value);
            } else if (e.getKey().equals(CONCURRENT_INDEXES)) {
                concurrentIndexes(value);
            } else {
                values.put(PREFIX + e.getKey(), value);
            }
        }
        for (Map.Entry<String, String> raw : rawEntries().entrySet()) {
            String key = raw.getKey();
            String name = key.substring(PREFIX.length());
            if (!DEFINITIONS.containsKey(name)) {
                // rules.<id> and unknown keys: SafetyConfig validates both, naming the key
                values.putIfAbsent(key, raw.getValue());
            }
        }
        Map<String, String> fromChangelog = ChangelogSettings.read(changeLog, PREFIX, DEFINITIONS.keySet());
        String ruleList = fromChangelog.remove(PREFIX + RULES_LIST);
        if (ruleList != null) {
            putRuleList(fromChangelog, ruleList);
        }
        concurrentIndexes(fromChangelog.remove(PREFIX + CONCURRENT_INDEXES));
        fromChangelog.forEach(values::putIfAbsent);
        return SafetyConfig.fromMap(values, PREFIX);
    }

    private static void putRuleList(Map<String, String> values, String list) {
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("Invalid value for " + PREFIX + RULES_LIST + ": '" + item.trim()
                        + "' (expected <rule-id>=error|warning|off)");
            }
            values.put(PREFIX + "rules." + item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
    }

    /**
     * Every {@code liquibase.safety.*} entry written in a defaults file, a system property or an
     * environment variable, by its full key. Environment names are mapped back to the key they
     * spell; one that spells no known key is kept under its own name so the error shows it.
     */
    private static Map<String, String> rawEntries() {
        Map<String, String> entries = new LinkedHashMap<>();
        for (Object provider : providers()) {
            if (provider instanceof DefaultsFileValueProvider) {
                collect(((DefaultsFileValueProvider) provider).getMap(), entries);
            }
        }
        collect(System.getProperties(), entries);
        for (Map.Entry<String, String> env : System.getenv().entrySet()) {
            String name = env.getKey().toUpperCase(Locale.ROOT);
            if (name.startsWith(ENV_PREFIX)) {
                entries.put(PREFIX + keyForEnvironment(name.substring(ENV_PREFIX.length())), env.getValue());
            }
        }
        return entries;
    }

    /**
     * Globally registered value providers (how the 4.x CLI adds the defaults file) and those of
     * the current scope (how the 5.x CLI does).
     */
    private static List<Object> providers() {
        List<Object> all = new ArrayList<>(Scope.getCurrentScope().getSingleton(LiquibaseConfiguration.class)
                .getProviders());
        List<?> scoped = Scope.getCurrentScope().get(SCOPED_PROVIDERS, List.class);
        if (scoped != null) {
            all.addAll(scoped);
        }
        return all;
    }

    private static void collect(Map<?, ?> source, Map<String, String> into) {
        for (Map.Entry<?, ?> e : source.entrySet()) {
            String key = String.valueOf(e.getKey()).trim();
            if (key.startsWith(PREFIX)) {
                into.put(key, e.getValue() == null ? "" : String.valueOf(e.getValue()));
            }
        }
    }

    /** {@code LOCK_TIMEOUT} → {@code lockTimeout}; {@code RULES_DROP_TABLE} → {@code rules.drop-table}. */
    static String keyForEnvironment(String envSuffix) {
        String squashed = envSuffix.replace("_", "");
        for (String known : DEFINITIONS.keySet()) {
            if (known.replace(".", "").equalsIgnoreCase(squashed)) {
                return known;
            }
        }
        if (envSuffix.startsWith("RULES_")) {
            return "rules." + envSuffix.substring("RULES_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return envSuffix;
    }

    static List<ConfigurationDefinition<String>> definitions() {
        return new ArrayList<>(DEFINITIONS.values());
    }
}
