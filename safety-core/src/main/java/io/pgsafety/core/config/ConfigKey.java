package io.pgsafety.core.config;

/**
 * One configuration key of the public contract: its name (without tool prefix), the default as
 * users write it, and what it does. The docs' configuration reference is generated from these.
 */
public enum ConfigKey {
    ENABLED("enabled", "true", "Turns the library on or off."),
    MODE("mode", "enforce", "`enforce` blocks the migration on error-level findings; `warn` only reports."),
    PG_VERSION("pgVersion", "16 (lint) / the server's (migrate)",
            "PostgreSQL major version the verdicts are for. During migrate the server's own version is used."),
    STRICT("strict", "false", "Makes `unparsed-statement` an error."),
    RULES("rules.<id>", "per rule", "`error`, `warning` or `off` for one rule."),
    REQUIRE_UNDO("requireUndo", "true", "Each versioned migration needs its down half (see `missing-undo`)."),
    UNDO_PREFIX("undoPrefix", "U", "File prefix of Flyway undo scripts."),
    LOCK_TIMEOUT("lockTimeout", "2s", "`lock_timeout` set for each migration statement at run time."),
    STATEMENT_TIMEOUT("statementTimeout", "off",
            "`statement_timeout` for statements that block others (never for concurrent builds or VALIDATE)."),
    LOCK_RETRIES("lockRetries", "5", "How often a statement that hit `lock_timeout` is retried."),
    RETRY_BACKOFF("retryBackoff", "1s", "Wait before the first retry; doubles on each further retry (max 30s)."),
    REPORT_FILE("reportFile", "none", "Also write the JSON report to this file."),
    SMALL_TABLE_ROWS("smallTableRows", "off",
            "Below this estimated row count, size-dependent errors become warnings (live catalog only).");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
