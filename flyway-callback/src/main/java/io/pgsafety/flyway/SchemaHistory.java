package io.pgsafety.flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Flyway's schema history table as {@link SafetyUndo} changes it: the table Flyway writes to, and
 * the advisory lock Flyway's PostgreSQL support takes for it while it migrates, so that an undo
 * and a {@code migrate} never run at the same time.
 */
final class SchemaHistory {

    /** Flyway's PostgreSQL lock number: this base plus the hash of the quoted table name. */
    private static final long FLYWAY_LOCK_BASE = 77431708279161L;

    private final String schema;
    private final String table;

    private SchemaHistory(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /** The history table of {@code configuration}: in its {@link #configuredSchema}, else the connection's current schema. */
    static SchemaHistory of(Configuration configuration, Connection connection) throws SQLException {
        String schema = configuredSchema(configuration);
        if (schema == null) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                rs.next();
                schema = rs.getString(1);
            }
        }
        return new SchemaHistory(schema, configuration.getTable());
    }

    /**
     * Flyway's default schema as configured: {@code defaultSchema}, else the first of
     * {@code schemas}; {@code null} when neither is set, and the connection's current schema is it.
     */
    static String configuredSchema(Configuration configuration) {
        if (configuration.getDefaultSchema() != null) {
            return configuration.getDefaultSchema();
        }
        return configuration.getSchemas().length > 0 ? configuration.getSchemas()[0] : null;
    }

    String schema() {
        return schema;
    }

    /**
     * As Flyway's PostgreSQL support does for a migrate: the history table's schema goes first on
     * the session's {@code search_path} (unless it already is), so unqualified names resolve alike.
     */
    void putFirstOnSearchPath(Connection connection) throws SQLException {
        String searchPath;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('search_path')")) {
            rs.next();
            searchPath = rs.getString(1);
        }
        if (searchPath.startsWith(schema) || searchPath.startsWith(quote(schema))) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('search_path', ?, false)")) {
            ps.setString(1, searchPath.isBlank() ? quote(schema) : quote(schema) + "," + searchPath);
            ps.executeQuery().close();
        }
    }

    /** {@code "schema"."table"}, as Flyway quotes it (and hashes it for its lock). */
    String qualifiedName() {
        return quote(schema) + "." + quote(table);
    }

    long lockKey() {
        return FLYWAY_LOCK_BASE + qualifiedName().hashCode();
    }

    /**
     * Takes Flyway's migration lock for this session, or fails at once when someone holds it
     * (a {@code migrate} in progress): an undo must not interleave with one, and must not wait
     * behind it without a bound either.
     */
    void lock(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, lockKey());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new FlywayException("pg-safety undo: another Flyway command holds the lock of " + qualifiedName()
                            + " (a migrate in progress?); nothing was undone. Run the undo when it has finished.");
                }
            }
        }
    }

    void unlock(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, lockKey());
            ps.executeQuery().close();
        }
    }

    /** Removes an undone migration's row, so that Flyway sees the version as pending again. */
    void delete(Connection connection, int installedRank) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + qualifiedName() + " WHERE installed_rank = ?")) {
            ps.setInt(1, installedRank);
            ps.executeUpdate();
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
