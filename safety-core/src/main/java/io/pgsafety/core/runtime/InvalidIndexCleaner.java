package io.pgsafety.core.runtime;

import io.pgsafety.core.sql.ast.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the INVALID index a failed {@code CREATE INDEX CONCURRENTLY} leaves behind, so that the
 * build can be retried (a retry would otherwise fail on the name, or an {@code IF NOT EXISTS}
 * retry would silently keep the broken index). Valid indexes, partitioned indexes and indexes
 * still being built by another session are left alone. Drops use
 * {@code DROP INDEX CONCURRENTLY}, which cannot run in a transaction: the connection must be
 * in auto-commit mode.
 */
public final class InvalidIndexCleaner {

    private static final String ACTIVE_SQL_TRANSACTION = "25001";

    private static final String INVALID_INDEXES = """
            SELECT n.nspname, c.relname, format('%%I.%%I', n.nspname, c.relname) AS quoted
            FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT x.indisvalid AND c.relkind = 'i'
              AND x.%s = pg_catalog.to_regclass(?)
              %s
            ORDER BY n.nspname, c.relname
            """;

    /** An index another backend is building right now is invalid until it finishes (PG 12+ can tell). */
    private static final String NOT_BEING_BUILT = """
            AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p
                            WHERE p.index_relid = x.indexrelid)""";

    private final Connection connection;

    public InvalidIndexCleaner(Connection connection) {
        this.connection = connection;
    }

    /**
     * A query whose one row says whether a relation named like any of {@code indexes} exists:
     * only then can an INVALID leftover be in the way. It reads no table, only the name lookup a
     * build does anyway, so it is cheap enough to ride along with the guard's settings before
     * every concurrent build; the full look ({@link #dropIfInvalid}) runs when it says yes.
     */
    static String anyExistsQuery(List<QualifiedName> indexes) {
        StringBuilder exists = new StringBuilder("SELECT ");
        for (QualifiedName index : indexes) {
            if (exists.length() > "SELECT ".length()) {
                exists.append(" OR ");
            }
            exists.append("pg_catalog.to_regclass(").append(TimeoutSettings.literal(index.sql())).append(") IS NOT NULL");
        }
        return exists.toString();
    }

    /** Drops {@code index} if it exists and is INVALID; true when it was dropped. */
    public boolean dropIfInvalid(QualifiedName index) throws SQLException {
        return !drop("indexrelid", index).isEmpty();
    }

    /** Drops every INVALID index on {@code table}; returns the ones dropped, schema-qualified. */
    public List<QualifiedName> dropInvalidIndexesOn(QualifiedName table) throws SQLException {
        return drop("indrelid", table);
    }

    private List<QualifiedName> drop(String matchColumn, QualifiedName name) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new SQLException("DROP INDEX CONCURRENTLY cannot run inside a transaction block: "
                    + "InvalidIndexCleaner needs a connection in auto-commit mode", ACTIVE_SQL_TRANSACTION);
        }
        String progressFilter = connection.getMetaData().getDatabaseMajorVersion() >= 12 ? NOT_BEING_BUILT : "";
        List<QualifiedName> found = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                String.format(INVALID_INDEXES, matchColumn, progressFilter))) {
            ps.setString(1, name.sql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new QualifiedName(rs.getString("nspname"), rs.getString("relname"), null));
                    statements.add("DROP INDEX CONCURRENTLY IF EXISTS " + rs.getString("quoted"));
                }
            }
        }
        try (Statement s = connection.createStatement()) {
            for (String drop : statements) {
                s.execute(drop);
            }
        }
        return found;
    }
}
