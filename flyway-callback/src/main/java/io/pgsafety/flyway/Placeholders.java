package io.pgsafety.flyway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Replaces {@code ${name}} placeholders in a script as Flyway does before running it: the
 * configured placeholders (names case-insensitive) plus Flyway's own {@code flyway:*} ones. A
 * placeholder with no value is left as written; Flyway itself refuses the script when it runs.
 */
final class Placeholders {

    private final String prefix;
    private final String suffix;
    private final String separator;
    private final Map<String, String> values;
    /** The configuration's {@code placeholderReplacement}: whether a script without its own setting is replaced. */
    private final boolean replacesByDefault;

    private Placeholders(String prefix, String suffix, String separator, Map<String, String> values,
            boolean replacesByDefault) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.separator = separator;
        this.values = values;
        this.replacesByDefault = replacesByDefault;
    }

    /** The values Flyway would use on {@code connection} for {@code configuration}. */
    static Placeholders of(Configuration configuration, Connection connection) throws SQLException {
        String separator = configuration.getPlaceholderSeparator() == null ? ":" : configuration.getPlaceholderSeparator();
        Map<String, String> values = new HashMap<>();
        String currentSchema;
        String user;
        String database;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_schema(), current_user, current_database()")) {
            rs.next();
            currentSchema = rs.getString(1);
            user = rs.getString(2);
            database = rs.getString(3);
        }
        String configuredSchema = SchemaHistory.configuredSchema(configuration);
        String defaultSchema = configuredSchema != null ? configuredSchema : currentSchema;
        String flyway = "flyway" + separator;
        values.put(key(flyway + "defaultSchema"), defaultSchema);
        values.put(key(flyway + "user"), user);
        values.put(key(flyway + "database"), database);
        values.put(key(flyway + "timestamp"), new SimpleDateFormat("yyyy-MM-dd HH:mm:ss").format(new Date()));
        values.put(key(flyway + "workingDirectory"), System.getProperty("user.dir"));
        values.put(key(flyway + "table"), configuration.getTable());
        if (configuration.getCurrentEnvironmentName() != null) {
            values.put(key(flyway + "environment"), configuration.getCurrentEnvironmentName());
        }
        for (Map.Entry<String, String> placeholder : configuration.getPlaceholders().entrySet()) {
            values.put(key(placeholder.getKey()), placeholder.getValue());
        }
        return new Placeholders(configuration.getPlaceholderPrefix(), configuration.getPlaceholderSuffix(), separator,
                values, configuration.isPlaceholderReplacement());
    }

    /**
     * Whether Flyway replaces placeholders in a script whose own {@code placeholderReplacement}
     * ({@code .conf}) is {@code scriptSetting}; {@code null} when it sets none.
     */
    boolean replaces(Boolean scriptSetting) {
        return scriptSetting != null ? scriptSetting : replacesByDefault;
    }

    /** {@code sql} as Flyway runs it: {@link #replace replaced} when {@link #replaces} says so. */
    String asRun(String sql, String filename, Boolean scriptSetting) {
        return replaces(scriptSetting) ? replace(sql, filename) : sql;
    }

    /** {@code sql} with every placeholder that has a value replaced; {@code filename} is {@code flyway:filename}. */
    String replace(String sql, String filename) {
        StringBuilder out = new StringBuilder(sql.length());
        int from = 0;
        while (true) {
            int start = sql.indexOf(prefix, from);
            int end = start < 0 ? -1 : sql.indexOf(suffix, start + prefix.length());
            if (end < 0) {
                out.append(sql, from, sql.length());
                return out.toString();
            }
            String name = sql.substring(start + prefix.length(), end);
            String value = key(name).equals(key("flyway" + separator + "filename")) ? filename : values.get(key(name));
            out.append(sql, from, start).append(value != null ? value : sql.substring(start, end + suffix.length()));
            from = end + suffix.length();
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
