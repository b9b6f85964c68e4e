package io.pgsafety.flyway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pgsafety.core.config.ConfigKey;
import io.pgsafety.core.config.SafetyConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.extensibility.ConfigurationExtension;

/**
 * The {@code safety} configuration namespace: {@code flyway.safety.<key>} in {@code flyway.conf}
 * and {@link org.flywaydb.core.api.configuration.FluentConfiguration#configuration(Map)},
 * {@code [flyway.safety]} in {@code flyway.toml}, {@code -safety.<key>=} on the command line and
 * {@code FLYWAY_SAFETY_<KEY>} in the environment.
 *
 * <p>Flyway binds these keys onto the declared fields below (with jackson-databind, which the
 * Flyway command line ships and Java API users add), so every key of the contract is a field;
 * a key that is not one stays unconsumed and Flyway rejects it by name. Values are kept as text
 * and validated by {@link SafetyConfig#fromMap}, so a bad value names its key too.
 */
public class SafetyConfigurationExtension implements ConfigurationExtension {

    static final String NAMESPACE = "safety";
    static final String PREFIX = "flyway." + NAMESPACE + ".";
    private static final String ENV_PREFIX = "FLYWAY_SAFETY_";

    /** Bound by name: see {@link #setEnabled}. */
    @JsonProperty("enabled")
    private String enabled;
    private String mode;
    private String pgVersion;
    private String strict;
    /** A concrete map type: Flyway instantiates the field's type for dotted keys ({@code rules.<id>}). */
    private HashMap<String, String> rules;
    private String requireUndo;
    private String undoPrefix;
    private String lockTimeout;
    private String statementTimeout;
    private String lockRetries;
    private String retryBackoff;
    private String reportFile;
    private String smallTableRows;
    private transient volatile Read lastRead;

    @Override
    public String getNamespace() {
        return NAMESPACE;
    }

    /**
     * {@code FLYWAY_SAFETY_LOCK_TIMEOUT} → {@code flyway.safety.lockTimeout};
     * {@code FLYWAY_SAFETY_RULES_CREATE_INDEX_NON_CONCURRENT} → {@code flyway.safety.rules.create-index-non-concurrent}.
     * Any other {@code FLYWAY_SAFETY_*} variable maps to a key that is not a field, so Flyway
     * reports it as unknown instead of ignoring a typo.
     */
    @Override
    public String getConfigurationParameterFromEnvironmentVariable(String environmentVariable) {
        if (!environmentVariable.startsWith(ENV_PREFIX)) {
            return null;
        }
        String rest = environmentVariable.substring(ENV_PREFIX.length());
        if (rest.startsWith("RULES_")) {
            return PREFIX + "rules." + rest.substring("RULES_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
        }
        String squashed = rest.replace("_", "");
        for (ConfigKey key : ConfigKey.values()) {
            if (key != ConfigKey.RULES && key.key().equalsIgnoreCase(squashed)) {
                return PREFIX + key.key();
            }
        }
        return PREFIX + rest.toLowerCase(Locale.ROOT);
    }

    /** The configured keys as {@code flyway.safety.<key>} entries, for {@link SafetyConfig#fromMap}. */
    Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        put(map, ConfigKey.ENABLED, enabled);
        put(map, ConfigKey.MODE, mode);
        put(map, ConfigKey.PG_VERSION, pgVersion);
        put(map, ConfigKey.STRICT, strict);
        put(map, ConfigKey.REQUIRE_UNDO, requireUndo);
        put(map, ConfigKey.UNDO_PREFIX, undoPrefix);
        put(map, ConfigKey.LOCK_TIMEOUT, lockTimeout);
        put(map, ConfigKey.STATEMENT_TIMEOUT, statementTimeout);
        put(map, ConfigKey.LOCK_RETRIES, lockRetries);
        put(map, ConfigKey.RETRY_BACKOFF, retryBackoff);
        put(map, ConfigKey.REPORT_FILE, reportFile);
        put(map, ConfigKey.SMALL_TABLE_ROWS, smallTableRows);
        if (rules != null) {
            rules.forEach((id, severity) -> map.put(PREFIX + "rules." + id, String.valueOf(severity)));
        }
        return map;
    }

    /**
     * The settings these keys give, defaults for the rest; throws naming a bad key or value. Each
     * script of a migrate asks again: the settings are read anew only when a key has changed.
     */
    public SafetyConfig toSafetyConfig() {
        Map<String, String> keys = toMap();
        Read last = lastRead;
        if (last == null || !last.keys().equals(keys)) {
            last = new Read(keys, SafetyConfig.fromMap(keys, PREFIX));
            lastRead = last;
        }
        return last.config();
    }

    private record Read(Map<String, String> keys, SafetyConfig config) {}

    private static void put(Map<String, String> map, ConfigKey key, String value) {
        if (value != null) {
            map.put(PREFIX + key.key(), value);
        }
    }

    /**
     * {@link org.flywaydb.core.extensibility.Plugin#isEnabled()} (whether Flyway uses a plugin at
     * all) is {@code @JsonIgnore}d under the same property name; naming this setter explicitly
     * lets the {@code enabled} key bind here all the same.
     */
    @JsonProperty("enabled")
    public void setEnabled(String enabled) {
        this.enabled = enabled;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getPgVersion() {
        return pgVersion;
    }

    public void setPgVersion(String pgVersion) {
        this.pgVersion = pgVersion;
    }

    public String getStrict() {
        return strict;
    }

    public void setStrict(String strict) {
        this.strict = strict;
    }

    public Map<String, String> getRules() {
        return rules;
    }

    public void setRules(Map<String, String> rules) {
        this.rules = rules == null ? null : new HashMap<>(rules);
    }

    public String getRequireUndo() {
        return requireUndo;
    }

    public void setRequireUndo(String requireUndo) {
        this.requireUndo = requireUndo;
    }

    public String getUndoPrefix() {
        return undoPrefix;
    }

    public void setUndoPrefix(String undoPrefix) {
        this.undoPrefix = undoPrefix;
    }

    public String getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(String lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public String getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(String statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public String getLockRetries() {
        return lockRetries;
    }

    public void setLockRetries(String lockRetries) {
        this.lockRetries = lockRetries;
    }

    public String getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(String retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public String getReportFile() {
        return reportFile;
    }

    public void setReportFile(String reportFile) {
        this.reportFile = reportFile;
    }

    public String getSmallTableRows() {
        return smallTableRows;
    }

    public void setSmallTableRows(String smallTableRows) {
        this.smallTableRows = smallTableRows;
    }
}
