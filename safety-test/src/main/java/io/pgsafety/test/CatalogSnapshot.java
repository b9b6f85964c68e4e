package io.pgsafety.test;

import io.pgsafety.test.LockTrace.ColumnChange;
import io.pgsafety.test.LockTrace.ColumnEvent;
import io.pgsafety.test.LockTrace.ConstraintChange;
import io.pgsafety.test.LockTrace.ConstraintEvent;
import io.pgsafety.test.LockTrace.Rewrite;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of the catalog a migration statement can change, read on the migration's own
 * connection (so inside its transaction), for user relations only.
 */
record CatalogSnapshot(Map<Long, Relation> relations, Map<Long, Constraint> constraints, Map<String, Column> columns) {

    record Relation(long oid, String name, String kind, long fileNode) {}

    record Constraint(long oid, long relation, String name, String type, boolean validated) {}

    record Column(long relation, int number, String name, String type, boolean notNull) {}

    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname !~ '^pg_toast' AND n.nspname !~ '^pg_temp'";

    static CatalogSnapshot take(Connection connection) throws SQLException {
        Map<Long, Relation> relations = new LinkedHashMap<>();
        Map<Long, Constraint> constraints = new LinkedHashMap<>();
        Map<String, Column> columns = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT c.oid, n.nspname || '.' || c.relname, c.relkind, c.relfilenode "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S') AND " + USER_SCHEMAS)) {
                while (rs.next()) {
                    relations.put(rs.getLong(1), new Relation(rs.getLong(1), rs.getString(2), kind(rs.getString(3)), rs.getLong(4)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT oid, conrelid, conname, contype, convalidated FROM pg_constraint "
                    + "WHERE conrelid <> 0")) {
                while (rs.next()) {
                    constraints.put(rs.getLong(1), new Constraint(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getBoolean(5)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT a.attrelid, a.attnum, a.attname, "
                    + "format_type(a.atttypid, a.atttypmod), a.attnotnull "
                    + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm') AND " + USER_SCHEMAS)) {
                while (rs.next()) {
                    Column column = new Column(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBoolean(5));
                    columns.put(column.relation() + "/" + column.number(), column);
                }
            }
        }
        return new CatalogSnapshot(relations, constraints, columns);
    }

    private static String kind(String relkind) {
        return switch (relkind) {
            case "r" -> "table";
            case "p" -> "partitioned table";
            case "i" -> "index";
            case "I" -> "partitioned index";
            case "m" -> "materialized view";
            case "S" -> "sequence";
            default -> relkind;
        };
    }

    /**
     * Relations of {@code tracked} whose data files were replaced since {@code before}. An index
     * that ALTER COLUMN … TYPE dropped and built again under the same name has a new oid: it is
     * matched by name.
     */
    static List<Rewrite> rewrites(CatalogSnapshot before, CatalogSnapshot after, Map<Long, Relation> tracked) {
        Map<String, Relation> afterByName = new LinkedHashMap<>();
        after.relations().values().forEach(r -> afterByName.put(r.name(), r));
        List<Rewrite> result = new ArrayList<>();
        for (Relation old : before.relations().values()) {
            Relation now = after.relations().containsKey(old.oid()) ? after.relations().get(old.oid()) : afterByName.get(old.name());
            if (tracked.containsKey(old.oid()) && now != null && old.fileNode() != 0 && now.fileNode() != old.fileNode()) {
                result.add(new Rewrite(now.name(), now.kind()));
            }
        }
        return result;
    }

    static List<ConstraintChange> constraintChanges(CatalogSnapshot before, CatalogSnapshot after, Map<Long, Relation> tracked) {
        List<ConstraintChange> result = new ArrayList<>();
        for (Constraint now : after.constraints().values()) {
            if (!tracked.containsKey(now.relation())) {
                continue;
            }
            Constraint old = before.constraints().get(now.oid());
            String relation = after.relationName(now.relation());
            if (old == null) {
                result.add(new ConstraintChange(relation, now.name(), now.type(), now.validated(), ConstraintEvent.ADDED));
            } else if (!old.validated() && now.validated()) {
                result.add(new ConstraintChange(relation, now.name(), now.type(), true, ConstraintEvent.VALIDATED));
            }
        }
        for (Constraint old : before.constraints().values()) {
            if (tracked.containsKey(old.relation()) && after.relations().containsKey(old.relation())
                    && !after.constraints().containsKey(old.oid())) {
                result.add(new ConstraintChange(before.relationName(old.relation()), old.name(), old.type(),
                        old.validated(), ConstraintEvent.DROPPED));
            }
        }
        return result;
    }

    static List<ColumnChange> columnChanges(CatalogSnapshot before, CatalogSnapshot after, Map<Long, Relation> tracked) {
        List<ColumnChange> result = new ArrayList<>();
        for (Map.Entry<String, Column> entry : after.columns().entrySet()) {
            Column now = entry.getValue();
            if (!tracked.containsKey(now.relation())) {
                continue;
            }
            Column old = before.columns().get(entry.getKey());
            String relation = after.relationName(now.relation());
            if (old == null) {
                result.add(new ColumnChange(relation, now.name(), ColumnEvent.ADDED, null, now.type()));
                continue;
            }
            if (!Objects.equals(old.type(), now.type())) {
                result.add(new ColumnChange(relation, now.name(), ColumnEvent.TYPE_CHANGED, old.type(), now.type()));
            }
            if (old.notNull() != now.notNull()) {
                result.add(new ColumnChange(relation, now.name(),
                        now.notNull() ? ColumnEvent.NOT_NULL_SET : ColumnEvent.NOT_NULL_DROPPED, old.type(), now.type()));
            }
        }
        for (Map.Entry<String, Column> entry : before.columns().entrySet()) {
            Column old = entry.getValue();
            if (tracked.containsKey(old.relation()) && after.relations().containsKey(old.relation())
                    && !after.columns().containsKey(entry.getKey())) {
                result.add(new ColumnChange(before.relationName(old.relation()), old.name(), ColumnEvent.DROPPED, old.type(), null));
            }
        }
        return result;
    }

    private String relationName(long oid) {
        Relation relation = relations.get(oid);
        return relation == null ? Long.toString(oid) : relation.name();
    }
}
