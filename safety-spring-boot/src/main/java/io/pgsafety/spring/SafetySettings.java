package io.pgsafety.spring;

import io.pgsafety.core.config.ConfigKey;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.rules.RuleRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The pg-safety keys under one Spring prefix ({@code pg-safety.flyway},
 * {@code pg-safety.liquibase}), by their contract names. Spring's relaxed spellings all name
 * the same key: {@code lock-timeout}, {@code lockTimeout} and {@code PGSAFETY_FLYWAY_LOCK_TIMEOUT}
 * give {@code lockTimeout}; {@code PGSAFETY_FLYWAY_RULES_DROP_TABLE} gives {@code rules.drop-table}.
 * The core validates them when they are read, so an unknown key or a bad value fails the start
 * with the key as the user wrote it under the prefix.
 */
final class SafetySettings {

    private static final String RULES = "rules.";

    private final String prefix;
    private final Map<String, String> byKey;
    private final SafetyConfig config;

    private SafetySettings(String prefix, Map<String, String> byKey, SafetyConfig config) {
        this.prefix = prefix;
        this.byKey = Collections.unmodifiableMap(byKey);
        this.config = config;
    }

    /** Binds and validates the keys under {@code prefix}; throws {@code ConfigException} naming a bad one. */
    static SafetySettings bind(Environment environment, String prefix) {
        Map<String, String> bound = Binder.get(environment)
                .bind(prefix, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        Map<String, String> byKey = new LinkedHashMap<>();
        SafetyConfig.Builder config = SafetyConfig.builder();
        bound.forEach((name, value) -> {
            String key = contractKey(name);
            config.set(key, value, prefix + "." + name);
            byKey.put(key, value);
        });
        return new SafetySettings(prefix, byKey, config.build());
    }

    SafetyConfig config() {
        return config;
    }

    /** The settings given, by contract key ({@code lockTimeout}, {@code rules.drop-table}). */
    Map<String, String> byKey() {
        return byKey;
    }

    @Override
    public String toString() {
        return prefix + ".* " + byKey;
    }

    /** The contract key a relaxed name spells; a name that spells none is kept, so the error shows it. */
    static String contractKey(String name) {
        if (name.toLowerCase(Locale.ROOT).startsWith(RULES)) {
            String id = name.substring(RULES.length());
            for (String known : RuleRegistry.knownIds()) {
                if (squash(known).equals(squash(id))) {
                    return RULES + known;
                }
            }
            return RULES + id;
        }
        for (ConfigKey key : ConfigKey.values()) {
            if (key != ConfigKey.RULES && squash(key.key()).equals(squash(name))) {
                return key.key();
            }
        }
        return name;
    }

    /** {@code lockTimeout} → {@code lock-timeout}, Spring's canonical spelling. */
    static String kebabCase(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String squash(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }
}
