package io.pgsafety.core.runtime;

import io.pgsafety.core.sql.ast.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Drops the INVALID indexes failed concurrent builds leave behind: the one a failed
 * {@code CREATE INDEX CONCURRENTLY name} left under that name, so that the build can be retried
 * (a retry would otherwise fail on the name, or an {@code IF NOT EXISTS} retry would silently
 * keep the broken index), and the ones a build under a name PostgreSQL picks (an unnamed
 * {@code CREATE INDEX CONCURRENTLY}, {@code REINDEX … CONCURRENTLY}'s {@code _ccnew}) left on its
 * table, which only a look at the table before the build can tell from older ones; after such a
 * build succeeds, also older ones that duplicate a valid index of the table. Valid
 * indexes, partitioned indexes and indexes still being built by another session are left
 * alone. Drops use {@code DROP INDEX CONCURRENTLY}, which cannot run in a transaction: the
 * connection must be in auto-commit mode.
 */
public final class InvalidIndexCleaner {

    private static final String ACTIVE_SQL_TRANSACTION = "25001";

    /** {@code %s}: which of the index's columns to match, and how; then the filter on builds in progress. */
    private static final String INVALID_INDEXES = """
            SELECT x.indexrelid::bigint AS oid, n.nspname, c.relname,
                   format('%%I.%%I', n.nspname, c.relname) AS quoted
            FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT x.indisvalid AND c.relkind = 'i'
              AND %s
              %s
            ORDER BY n.nspname, c.relname
            """;

    private static final String NAMED_INDEX = "x.indexrelid = pg_catalog.to_regclass(?)";

    /**
     * Indexes on the tables named by the text array (a table, or an index standing for its table)
     * and on their TOAST tables, whose index {@code REINDEX TABLE CONCURRENTLY} rebuilds too.
     */
    private static final String ON_TABLES_OF = """
            x.indrelid IN (SELECT unnest(ARRAY[t.oid, t.reltoastrelid])
                           FROM unnest(?::text[]) AS named(name)
                           JOIN pg_catalog.pg_class r ON r.oid = pg_catalog.to_regclass(named.name)
                           LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = r.oid
                           JOIN pg_catalog.pg_class t ON t.oid = coalesce(i.indrelid, r.oid))""";

    /**
     * Added to {@link #ON_TABLES_OF}: only indexes with a VALID twin on their table, of the same
     * access method, key and included columns, expressions, predicate, operator classes,
     * collations and options (vectors compared as text, which every supported version can do).
     * {@code %s}: what newer versions add to compare.
     */
    private static final String WITH_A_VALID_TWIN = """

             AND EXISTS (SELECT 1 FROM pg_catalog.pg_index v
                         JOIN pg_catalog.pg_class vc ON vc.oid = v.indexrelid
                         WHERE v.indrelid = x.indrelid AND v.indisvalid AND vc.relam = c.relam
                           AND v.indisunique = x.indisunique AND v.indnkeyatts = x.indnkeyatts
                           AND v.indkey::text = x.indkey::text AND v.indclass::text = x.indclass::text
                           AND v.indcollation::text = x.indcollation::text
                           AND v.indoption::text = x.indoption::text
                           AND pg_catalog.pg_get_expr(v.indexprs, v.indrelid)
                               IS NOT DISTINCT FROM pg_catalog.pg_get_expr(x.indexprs, x.indrelid)
                           AND pg_catalog.pg_get_expr(v.indpred, v.indrelid)
                               IS NOT DISTINCT FROM pg_catalog.pg_get_expr(x.indpred, x.indrelid)
                           %s)""";

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
        requireAutoCommit();
        List<InvalidIndex> invalid = find(NAMED_INDEX, index.sql(), true);
        drop(invalid, Set.of(), dropped -> { });
        return !invalid.isEmpty();
    }

    /**
     * The INVALID indexes now on the tables of {@code relations} (a table, or an index standing
     * for its table), built or not: what {@link #dropNewInvalidIndexesOn} is to leave alone.
     */
    public Set<Long> invalidIndexesOn(List<QualifiedName> relations) throws SQLException {
        Set<Long> oids = new HashSet<>();
        for (InvalidIndex index : find(ON_TABLES_OF, names(relations), false)) {
            oids.add(index.oid());
        }
        return oids;
    }

    /**
     * Drops the INVALID indexes on the tables of {@code relations} that are not among
     * {@code before} (from {@link #invalidIndexesOn}) and that no session is building; each one
     * dropped goes to {@code onDropped}, schema-qualified, as soon as it is (a later drop may fail).
     */
    public void dropNewInvalidIndexesOn(List<QualifiedName> relations, Set<Long> before,
            Consumer<QualifiedName> onDropped) throws SQLException {
        requireAutoCommit();
        drop(find(ON_TABLES_OF, names(relations), true), before, onDropped);
    }

    /**
     * Drops the INVALID indexes on the tables of {@code relations} that duplicate a VALID index
     * of the same table and that no session is building: what a build that failed in an earlier
     * run left before the one that has just succeeded (its name was taken, so PostgreSQL picked
     * another), or what a killed {@code REINDEX … CONCURRENTLY} left as {@code _ccnew}. Each one
     * dropped goes to {@code onDropped}, schema-qualified, as soon as it is.
     */
    public void dropInvalidTwinsOn(List<QualifiedName> relations, Consumer<QualifiedName> onDropped)
            throws SQLException {
        requireAutoCommit();
        String nullsNotDistinct = connection.getMetaData().getDatabaseMajorVersion() >= 15
                ? "AND v.indnullsnotdistinct = x.indnullsnotdistinct" : "";
        drop(find(ON_TABLES_OF + String.format(WITH_A_VALID_TWIN, nullsNotDistinct), names(relations), true),
                Set.of(), onDropped);
    }

    private record InvalidIndex(long oid, QualifiedName name, String quoted) {}

    private void requireAutoCommit() throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new SQLException("DROP INDEX CONCURRENTLY cannot run inside a transaction block: "
                    + "InvalidIndexCleaner needs a connection in auto-commit mode", ACTIVE_SQL_TRANSACTION);
        }
    }

    private Array names(List<QualifiedName> relations) throws SQLException {
        String[] names = new String[relations.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = relations.get(i).sql();
        }
        return connection.createArrayOf("text", names);
    }

    /** {@code parameter}: a name, or an array of names; {@code notBeingBuilt}: leave out builds in progress. */
    private List<InvalidIndex> find(String match, Object parameter, boolean notBeingBuilt) throws SQLException {
        String progressFilter = notBeingBuilt && connection.getMetaData().getDatabaseMajorVersion() >= 12
                ? NOT_BEING_BUILT : "";
        List<InvalidIndex> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(String.format(INVALID_INDEXES, match, progressFilter))) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new InvalidIndex(rs.getLong("oid"),
                            new QualifiedName(rs.getString("nspname"), rs.getString("relname"), null),
                            rs.getString("quoted")));
                }
            }
        }
        return found;
    }

    private void drop(List<InvalidIndex> indexes, Set<Long> keep, Consumer<QualifiedName> onDropped)
            throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (InvalidIndex index : indexes) {
                if (!keep.contains(index.oid())) {
                    s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.quoted());
                    onDropped.accept(index.name());
                }
            }
        }
    }
}
