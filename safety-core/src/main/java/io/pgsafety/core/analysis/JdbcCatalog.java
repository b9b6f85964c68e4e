package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The live catalog of a PostgreSQL database, read over plain JDBC. Names resolve as the server
 * resolves them ({@code to_regclass}, so {@code search_path} applies). Everything about one
 * relation, its columns and CHECK constraints included, is read in a single query and cached
 * for the lifetime of this object: a pre-flight analysis asks many questions about few tables.
 * Reading an index reads its table too. {@link #prefetch} reads many relations in one query;
 * {@link Analyzer} calls it with every relation a run's statements lock.
 *
 * <p>A failing query never fails the analysis: the object is treated as unknown and the error
 * is kept in {@link #warnings()}. When the connection is inside a transaction, each query runs
 * under a savepoint so that a failure does not abort the caller's transaction. The connection
 * is not closed by this class. Not thread-safe.
 *
 * <p>The queries read only the system catalogs and lock no relation they ask about, so a
 * session holding ACCESS EXCLUSIVE on a table does not hold them up. Only a lock on a catalog
 * table itself does: give the connection a {@code lock_timeout} (see
 * {@code io.pgsafety.core.runtime.LockTimeouts}) and that becomes a warning instead of a stalled
 * pre-flight.
 *
 * <p>A relation whose read failed is reported as absent, which {@link Catalog} cannot tell
 * apart from a relation that does not exist: callers should check {@link #warnings()}.
 */
public final class JdbcCatalog implements Catalog {

    private static final String VERSION_QUERY = "SELECT current_setting('server_version_num')::int / 10000";

    /**
     * One row per name of the text array parameter that names a relation ({@code to_regclass}),
     * with the name as given; none for a name that does not. Then one row, with a null name, per
     * table of a named index: the analysis asks about the table of an index right after the
     * index. For a partitioned table or index, rows are summed over its leaf partitions
     * (the parent itself holds no data); partitions never analysed are left out of the row sum.
     */
    private static final String RELATION_QUERY = """
            WITH named AS (
                SELECT requested, pg_catalog.to_regclass(requested) AS oid FROM unnest(?::text[]) AS requested
            ), q AS (
                SELECT requested, oid FROM named
                UNION ALL
                SELECT DISTINCT NULL::text, x.indrelid FROM named JOIN pg_catalog.pg_index x ON x.indexrelid = named.oid
            )
            SELECT q.requested, r.* FROM q
            CROSS JOIN LATERAL (
            WITH RECURSIVE target AS (
                SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = q.oid
            ), tree AS (
                SELECT oid FROM target WHERE relkind IN ('p', 'I')
                UNION ALL
                SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN tree ON i.inhparent = tree.oid
            ), leaves AS (
                SELECT c.reltuples
                FROM tree JOIN pg_catalog.pg_class c ON c.oid = tree.oid
                WHERE c.relkind NOT IN ('p', 'I')
            )
            SELECT t.nspname, t.relname, t.relkind,
                   CASE WHEN t.relkind IN ('p', 'I')
                        THEN coalesce((SELECT sum(reltuples) FROM leaves WHERE reltuples >= 0), -1)
                        ELSE t.reltuples END::bigint AS estimated_rows,
                   tn.nspname AS table_schema, tc.relname AS table_name,
                   coalesce(x.indisvalid, true) AS valid,
                   ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
                         ORDER BY a.attnum) AS column_names,
                   ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
                         ORDER BY a.attnum) AS column_types,
                   ARRAY(SELECT pg_catalog.pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k
                         WHERE k.conrelid = t.oid AND k.contype = 'c' AND k.convalidated) AS validated_checks
            FROM target t
            LEFT JOIN pg_catalog.pg_index x ON x.indexrelid = t.oid
            LEFT JOIN pg_catalog.pg_class tc ON tc.oid = x.indrelid
            LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
            ) r
            """;

    private final Connection connection;
    private final Map<String, Optional<Snapshot>> relations = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final java.util.Set<String> unknown = new java.util.HashSet<>();
    private OptionalInt serverMajorVersion;

    public JdbcCatalog(Connection connection) {
        this.connection = connection;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public OptionalInt serverMajorVersion() {
        if (serverMajorVersion == null) {
            serverMajorVersion = query("the server version", OptionalInt.empty(), () -> {
                try (PreparedStatement ps = connection.prepareStatement(VERSION_QUERY);
                        ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
                }
            });
        }
        return serverMajorVersion;
    }

    @Override
    public Optional<RelationInfo> relation(QualifiedName name) {
        return snapshot(name).map(Snapshot::info);
    }

    @Override
    public Optional<String> columnType(QualifiedName table, String column) {
        return snapshot(table).map(s -> s.columnTypes().get(column));
    }

    @Override
    public boolean hasValidatedNotNullCheck(QualifiedName table, String column) {
        return snapshot(table)
                .map(s -> s.validatedChecks().stream().anyMatch(def -> NotNullCheck.proves(def, column)))
                .orElse(false);
    }

    @Override
    public boolean isUnknown(QualifiedName name) {
        return name != null && unknown.contains(name.sql());
    }

    /** Catalog queries that failed, one line each; their objects were treated as unknown. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Reads the relations {@code names} name with one query and caches them, found or not:
     * callers that know up front what the analysis will ask about (a pre-flight over many
     * migrations) save a round trip per name. A failed read caches nothing, so each name is read
     * again on its own when asked for, and only then can become a warning.
     */
    @Override
    public void prefetch(Collection<QualifiedName> names) {
        Set<String> keys = new LinkedHashSet<>();
        for (QualifiedName name : names) {
            if (name != null && name.name() != null && !relations.containsKey(name.sql())) {
                keys.add(name.sql());
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        Map<String, Optional<Snapshot>> read = query(null, null, () -> readRelations(List.copyOf(keys)));
        if (read != null) {
            cache(read);
        }
    }

    private Optional<Snapshot> snapshot(QualifiedName name) {
        if (name == null || name.name() == null) {
            return Optional.empty();
        }
        String key = name.sql();
        Optional<Snapshot> cached = relations.get(key);
        if (cached == null) {
            Map<String, Optional<Snapshot>> read = query(key, null, () -> readRelations(List.of(key)));
            if (read == null) {
                unknown.add(key);
                cached = Optional.empty();
                relations.put(key, cached);
            } else {
                cache(read);
                cached = read.get(key);
            }
        }
        return cached;
    }

    /**
     * Caches what was read under the names asked for, and each relation found also under its
     * schema-qualified name (which resolves to it whatever the {@code search_path}): that is how
     * {@link RelationInfo#table()} names the table of an index.
     */
    private void cache(Map<String, Optional<Snapshot>> read) {
        relations.putAll(read);
        for (Optional<Snapshot> found : read.values()) {
            found.ifPresent(s -> relations.putIfAbsent(s.info().name().sql(), found));
        }
    }

    /**
     * Each of {@code sqlNames}, mapped to its snapshot or to empty when no relation has that name,
     * then the table of each index among them, under its schema-qualified name.
     */
    private Map<String, Optional<Snapshot>> readRelations(List<String> sqlNames) throws SQLException {
        Map<String, Optional<Snapshot>> result = new LinkedHashMap<>();
        sqlNames.forEach(n -> result.put(n, Optional.empty()));
        try (PreparedStatement ps = connection.prepareStatement(RELATION_QUERY)) {
            Array names = connection.createArrayOf("text", sqlNames.toArray());
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<Snapshot> found = Optional.of(snapshot(rs));
                    String requested = rs.getString("requested");
                    if (requested != null) {
                        result.put(requested, found);
                    } else {
                        result.putIfAbsent(found.get().info().name().sql(), found);
                    }
                }
            } finally {
                names.free();
            }
        }
        return result;
    }

    private static Snapshot snapshot(ResultSet rs) throws SQLException {
        String relkind = rs.getString("relkind");
        String tableSchema = rs.getString("table_schema");
        QualifiedName table = tableSchema == null
                ? null
                : new QualifiedName(tableSchema, rs.getString("table_name"), null);
        RelationInfo info = new RelationInfo(
                new QualifiedName(rs.getString("nspname"), rs.getString("relname"), null),
                kindOf(relkind),
                relkind.equals("p") || relkind.equals("I"),
                rs.getLong("estimated_rows"),
                table,
                rs.getBoolean("valid"));
        List<String> names = strings(rs.getArray("column_names"));
        List<String> types = strings(rs.getArray("column_types"));
        Map<String, String> columnTypes = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            columnTypes.put(names.get(i), types.get(i));
        }
        return new Snapshot(info, columnTypes, strings(rs.getArray("validated_checks")));
    }

    private static ObjectKind kindOf(String relkind) {
        return switch (relkind) {
            case "r", "p" -> ObjectKind.TABLE;
            case "i", "I" -> ObjectKind.INDEX;
            case "m" -> ObjectKind.MATERIALIZED_VIEW;
            case "v" -> ObjectKind.VIEW;
            case "f" -> ObjectKind.FOREIGN_TABLE;
            case "S" -> ObjectKind.SEQUENCE;
            default -> ObjectKind.OTHER;
        };
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return List.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    /**
     * Runs one catalog read; on failure records a warning about {@code subject} (none when it is
     * null) and returns {@code unknown}. Inside a transaction the read is fenced by a savepoint,
     * so the caller's transaction survives.
     */
    private <T> T query(String subject, T unknown, CatalogRead<T> read) {
        Savepoint savepoint = null;
        try {
            if (!connection.getAutoCommit()) {
                savepoint = connection.setSavepoint();
            }
            T result = read.run();
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
            return result;
        } catch (SQLException e) {
            if (subject != null) {
                warnings.add("Could not read catalog facts for " + subject + " (treated as unknown): " + e.getMessage());
            }
            if (savepoint != null) {
                try {
                    connection.rollback(savepoint);
                } catch (SQLException rollbackFailure) {
                    warnings.add("Could not roll back to the catalog savepoint: " + rollbackFailure.getMessage());
                }
            }
            return unknown;
        }
    }

    @FunctionalInterface
    private interface CatalogRead<T> {
        T run() throws SQLException;
    }

    private record Snapshot(RelationInfo info, Map<String, String> columnTypes, List<String> validatedChecks) {}
}
