package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The table-level locks PostgreSQL takes for a statement (per the ALTER TABLE and Explicit
 * Locking chapters of its documentation), strongest per table. Row-level DML is reported as
 * ROW EXCLUSIVE; statements that take no table lock give an empty list.
 */
public final class StatementLocks {

    private StatementLocks() {}

    /**
     * Locks of {@code statement}; {@code indexTable} resolves an index name to its table (for
     * DROP INDEX / REINDEX INDEX), returning null when unknown.
     */
    public static List<TableLock> of(Statement statement, Function<QualifiedName, QualifiedName> indexTable) {
        Map<String, TableLock> locks = new LinkedHashMap<>();
        if (statement instanceof Statement.AlterTable at) {
            alterTableLocks(at, indexTable, locks);
        } else if (statement instanceof Statement.CreateIndex ci) {
            add(locks, ci.table(), ci.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE);
        } else if (statement instanceof Statement.DropIndex di) {
            for (QualifiedName index : di.names()) {
                add(locks, orSelf(indexTable.apply(index), index),
                        di.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE);
            }
        } else if (statement instanceof Statement.Reindex ri) {
            if (ri.name() != null && ri.target() == Statement.ReindexTarget.TABLE) {
                add(locks, ri.name(), ri.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE);
            } else if (ri.name() != null && ri.target() == Statement.ReindexTarget.INDEX) {
                add(locks, orSelf(indexTable.apply(ri.name()), ri.name()),
                        ri.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE);
            }
        } else if (statement instanceof Statement.DropObject d) {
            if (d.kind() == ObjectKind.TABLE || d.kind() == ObjectKind.MATERIALIZED_VIEW || d.kind() == ObjectKind.VIEW
                    || d.kind() == ObjectKind.FOREIGN_TABLE || d.kind() == ObjectKind.SEQUENCE) {
                addAll(locks, d.names(), LockMode.ACCESS_EXCLUSIVE);
            }
        } else if (statement instanceof Statement.Truncate t) {
            addAll(locks, t.tables(), LockMode.ACCESS_EXCLUSIVE);
        } else if (statement instanceof Statement.Vacuum v) {
            addAll(locks, v.tables(), v.full() ? LockMode.ACCESS_EXCLUSIVE : LockMode.SHARE_UPDATE_EXCLUSIVE);
        } else if (statement instanceof Statement.Cluster c) {
            add(locks, c.table(), LockMode.ACCESS_EXCLUSIVE);
        } else if (statement instanceof Statement.RefreshMaterializedView r) {
            add(locks, r.name(), r.concurrently() ? LockMode.EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE);
        } else if (statement instanceof Statement.LockTable l) {
            addAll(locks, l.tables(), l.mode());
        } else if (statement instanceof Statement.CreateTable ct) {
            add(locks, ct.partitionOf(), LockMode.ACCESS_EXCLUSIVE);
            referencedTableLocks(ct.constraints(), locks);
            for (ColumnDef col : ct.columns()) {
                referencedTableLocks(col.constraints(), locks);
            }
        } else if (statement instanceof Statement.Update u) {
            add(locks, u.table(), LockMode.ROW_EXCLUSIVE);
        } else if (statement instanceof Statement.Delete d) {
            add(locks, d.table(), LockMode.ROW_EXCLUSIVE);
        } else if (statement instanceof Statement.Insert i) {
            add(locks, i.table(), LockMode.ROW_EXCLUSIVE);
        }
        return new ArrayList<>(locks.values());
    }

    private static void alterTableLocks(Statement.AlterTable at, Function<QualifiedName, QualifiedName> indexTable,
            Map<String, TableLock> locks) {
        if (at.kind() == ObjectKind.INDEX) {
            QualifiedName table = orSelf(indexTable.apply(at.name()), at.name());
            for (AlterAction a : at.actions()) {
                add(locks, table, a instanceof AlterAction.Rename ? LockMode.SHARE_UPDATE_EXCLUSIVE
                        : LockMode.ACCESS_EXCLUSIVE);
            }
            return;
        }
        for (AlterAction a : at.actions()) {
            alterActionLocks(at.name(), a, locks);
        }
    }

    private static void alterActionLocks(QualifiedName table, AlterAction action, Map<String, TableLock> locks) {
        if (action instanceof AlterAction.AddConstraint ac) {
            Constraint c = ac.constraint();
            if (c.kind() == Constraint.Kind.FOREIGN_KEY) {
                add(locks, table, LockMode.SHARE_ROW_EXCLUSIVE);
                referencedTableLock(c, locks);
            } else {
                add(locks, table, LockMode.ACCESS_EXCLUSIVE);
            }
        } else if (action instanceof AlterAction.AddColumn ac) {
            add(locks, table, LockMode.ACCESS_EXCLUSIVE);
            referencedTableLocks(ac.column().constraints(), locks);
        } else if (action instanceof AlterAction.ValidateConstraint) {
            add(locks, table, LockMode.SHARE_UPDATE_EXCLUSIVE);
        } else if (action instanceof AlterAction.AttachPartition ap) {
            add(locks, table, LockMode.SHARE_UPDATE_EXCLUSIVE);
            add(locks, ap.partition(), LockMode.ACCESS_EXCLUSIVE);
        } else if (action instanceof AlterAction.DetachPartition dp) {
            add(locks, table, dp.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE);
            add(locks, dp.partition(), LockMode.ACCESS_EXCLUSIVE);
        } else if (action instanceof AlterAction.Other o) {
            add(locks, table, otherActionLock(o.kind()));
        } else {
            add(locks, table, LockMode.ACCESS_EXCLUSIVE);
        }
    }

    private static QualifiedName orSelf(QualifiedName resolved, QualifiedName self) {
        return resolved == null ? self : resolved;
    }

    private static LockMode otherActionLock(String kind) {
        if (kind.endsWith("SET STATISTICS") || kind.equals("CLUSTER ON") || kind.equals("SET WITHOUT CLUSTER")
                || kind.equals("SET") || kind.equals("RESET")) {
            return LockMode.SHARE_UPDATE_EXCLUSIVE;
        }
        if (kind.contains("TRIGGER")) {
            return LockMode.SHARE_ROW_EXCLUSIVE;
        }
        return LockMode.ACCESS_EXCLUSIVE;
    }

    private static void referencedTableLock(Constraint c, Map<String, TableLock> locks) {
        if (c.kind() == Constraint.Kind.FOREIGN_KEY && c.referencedTable() != null) {
            add(locks, c.referencedTable(), LockMode.SHARE_ROW_EXCLUSIVE);
        }
    }

    private static void referencedTableLocks(List<Constraint> constraints, Map<String, TableLock> locks) {
        for (Constraint c : constraints) {
            referencedTableLock(c, locks);
        }
    }

    private static void addAll(Map<String, TableLock> locks, List<QualifiedName> tables, LockMode mode) {
        for (QualifiedName table : tables) {
            add(locks, table, mode);
        }
    }

    /** Keeps the stronger of the table's locks. */
    private static void add(Map<String, TableLock> locks, QualifiedName table, LockMode mode) {
        if (table == null) {
            return;
        }
        String key = table.sql();
        TableLock held = locks.get(key);
        if (held == null || mode.atLeast(held.mode())) {
            locks.put(key, new TableLock(table, mode));
        }
    }
}
