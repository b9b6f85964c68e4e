package io.pgsafety.core.config;

import io.pgsafety.core.rules.RuleRegistry;
import io.pgsafety.core.rules.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The library's settings: one set of keys for every tool (see {@link ConfigKey}). Immutable. */
public final class SafetyConfig {

    public enum Mode { ENFORCE, WARN }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|m|h)?");

    private final boolean enabled;
    private final Mode mode;
    private final Integer pgVersion;
    private final boolean strict;
    private final Map<String, Severity> ruleSeverities;
    private final boolean requireUndo;
    private final String undoPrefix;
    private final Duration lockTimeout;
    private final Duration statementTimeout;
    private final int lockRetries;
    private final Duration retryBackoff;
    private final String reportFile;
    private final Long smallTableRows;

    private SafetyConfig(Builder b) {
        this.enabled = b.enabled;
        this.mode = b.mode;
        this.pgVersion = b.pgVersion;
        this.strict = b.strict;
        this.ruleSeverities = Map.copyOf(b.ruleSeverities);
        this.requireUndo = b.requireUndo;
        this.undoPrefix = b.undoPrefix;
        this.lockTimeout = b.lockTimeout;
        this.statementTimeout = b.statementTimeout;
        this.lockRetries = b.lockRetries;
        this.retryBackoff = b.retryBackoff;
        this.reportFile = b.reportFile;
        this.smallTableRows = b.smallTableRows;
    }

    public static SafetyConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.mode = mode;
        b.pgVersion = pgVersion;
        b.strict = strict;
        b.ruleSeverities.putAll(ruleSeverities);
        b.requireUndo = requireUndo;
        b.undoPrefix = undoPrefix;
        b.lockTimeout = lockTimeout;
        b.statementTimeout = statementTimeout;
        b.lockRetries = lockRetries;
        b.retryBackoff = retryBackoff;
        b.reportFile = reportFile;
        b.smallTableRows = smallTableRows;
        return b;
    }

    /**
     * Reads every entry of {@code values} whose key starts with {@code prefix} (e.g.
     * {@code "flyway.safety."}); entries with other keys are ignored. An unknown key under the
     * prefix, or a bad value, throws {@link ConfigException} naming the full key.
     */
    public static SafetyConfig fromMap(Map<String, String> values, String prefix) {
        Builder b = builder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String full = e.getKey();
            if (!full.startsWith(prefix)) {
                continue;
            }
            b.set(full.substring(prefix.length()), e.getValue(), full);
        }
        return b.build();
    }

    public boolean enabled() {
        return enabled;
    }

    public Mode mode() {
        return mode;
    }

    /** The configured version, if any (the server's wins during migrate when this is empty). */
    public OptionalInt pgVersion() {
        return pgVersion == null ? OptionalInt.empty() : OptionalInt.of(pgVersion);
    }

    public boolean strict() {
        return strict;
    }

    /** Severity override for a rule id, if configured. */
    public Optional<Severity> ruleSeverity(String ruleId) {
        return Optional.ofNullable(ruleSeverities.get(ruleId));
    }

    public Map<String, Severity> ruleSeverities() {
        return ruleSeverities;
    }

    public boolean requireUndo() {
        return requireUndo;
    }

    public String undoPrefix() {
        return undoPrefix;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    /** Empty when off. */
    public Optional<Duration> statementTimeout() {
        return Optional.ofNullable(statementTimeout);
    }

    public int lockRetries() {
        return lockRetries;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    public Optional<String> reportFile() {
        return Optional.ofNullable(reportFile);
    }

    public OptionalLong smallTableRows() {
        return smallTableRows == null ? OptionalLong.empty() : OptionalLong.of(smallTableRows);
    }

    /**
     * Parses {@code 500ms}, {@code 2s}, {@code 1min}/{@code 1m}, {@code 1h}; a bare number is
     * milliseconds, as PostgreSQL reads {@code lock_timeout}.
     */
    public static Duration parseDuration(String text, String key) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException("Invalid duration for " + key + ": '" + text + "' (use e.g. 500ms, 2s, 1min)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    public static final class Builder {
        private boolean enabled = true;
        private Mode mode = Mode.ENFORCE;
        private Integer pgVersion;
        private boolean strict;
        private final Map<String, Severity> ruleSeverities = new LinkedHashMap<>();
        private boolean requireUndo = true;
        private String undoPrefix = "U";
        private Duration lockTimeout = Duration.ofSeconds(2);
        private Duration statementTimeout;
        private int lockRetries = 5;
        private Duration retryBackoff = Duration.ofSeconds(1);
        private String reportFile;
        private Long smallTableRows;

        private Builder() {}

        /**
         * Sets {@code key} (without prefix) from its text form; {@code fullKey} is how the user
         * wrote it, for the error message.
         */
        public Builder set(String key, String value, String fullKey) {
            String v = value == null ? "" : value.trim();
            if (key.startsWith("rules.")) {
                String id = key.substring("rules.".length());
                if (!RuleRegistry.knownIds().contains(id)) {
                    throw new ConfigException("Unknown rule in configuration key " + fullKey
                            + ": '" + id + "' is not a rule id");
                }
                Severity s = Severity.parse(v);
                if (s == null) {
                    throw new ConfigException("Invalid value for " + fullKey + ": '" + value
                            + "' (expected error, warning or off)");
                }
                return rule(id, s);
            }
            switch (key) {
                case "enabled" -> enabled = parseBoolean(v, fullKey);
                case "mode" -> {
                    switch (v.toLowerCase(Locale.ROOT)) {
                        case "enforce" -> mode = Mode.ENFORCE;
                        case "warn" -> mode = Mode.WARN;
                        default -> throw new ConfigException("Invalid value for " + fullKey + ": '" + value
                                + "' (expected enforce or warn)");
                    }
                }
                case "pgVersion" -> pgVersion = parseVersion(v, fullKey);
                case "strict" -> strict = parseBoolean(v, fullKey);
                case "requireUndo" -> requireUndo = parseBoolean(v, fullKey);
                case "undoPrefix" -> {
                    if (v.isEmpty()) {
                        throw new ConfigException("Invalid value for " + fullKey + ": must not be empty");
                    }
                    undoPrefix = v;
                }
                case "lockTimeout" -> lockTimeout = parseDuration(v, fullKey);
                case "statementTimeout" -> statementTimeout =
                        v.equalsIgnoreCase("off") || v.isEmpty() ? null : parseDuration(v, fullKey);
                case "lockRetries" -> lockRetries = (int) parseCount(v, fullKey);
                case "retryBackoff" -> retryBackoff = parseDuration(v, fullKey);
                case "reportFile" -> reportFile = v.isEmpty() ? null : v;
                case "smallTableRows" -> smallTableRows =
                        v.equalsIgnoreCase("off") || v.isEmpty() ? null : parseCount(v, fullKey);
                default -> throw new ConfigException("Unknown configuration key " + fullKey
                        + " (known keys: enabled, mode, pgVersion, strict, rules.<id>, requireUndo, undoPrefix,"
                        + " lockTimeout, statementTimeout, lockRetries, retryBackoff, reportFile, smallTableRows)");
            }
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder pgVersion(int version) {
            this.pgVersion = version;
            return this;
        }

        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        public Builder rule(String id, Severity severity) {
            ruleSeverities.put(id, severity);
            return this;
        }

        public Builder requireUndo(boolean requireUndo) {
            this.requireUndo = requireUndo;
            return this;
        }

        public Builder undoPrefix(String prefix) {
            this.undoPrefix = prefix;
            return this;
        }

        public Builder lockTimeout(Duration d) {
            this.lockTimeout = d;
            return this;
        }

        public Builder statementTimeout(Duration d) {
            this.statementTimeout = d;
            return this;
        }

        public Builder lockRetries(int n) {
            this.lockRetries = n;
            return this;
        }

        public Builder retryBackoff(Duration d) {
            this.retryBackoff = d;
            return this;
        }

        public Builder reportFile(String file) {
            this.reportFile = file;
            return this;
        }

        public Builder smallTableRows(Long rows) {
            this.smallTableRows = rows;
            return this;
        }

        public SafetyConfig build() {
            return new SafetyConfig(this);
        }

        private static boolean parseBoolean(String v, String key) {
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            throw new ConfigException("Invalid value for " + key + ": '" + v + "' (expected true or false)");
        }

        private static long parseCount(String v, String key) {
            try {
                long n = Long.parseLong(v);
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigException("Invalid value for " + key + ": '" + v + "' (expected a whole number >= 0)");
        }

        private static int parseVersion(String v, String key) {
            long n = parseCount(v.replaceFirst("\\..*$", ""), key);
            if (n < 9 || n > 99) {
                throw new ConfigException("Invalid value for " + key + ": '" + v + "' (expected a major version such as 16)");
            }
            return (int) n;
        }
    }
}
