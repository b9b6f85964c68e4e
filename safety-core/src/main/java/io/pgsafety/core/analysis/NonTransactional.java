package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.Statement;

/**
 * Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001). The integrations
 * use this to run them outside the tool's transaction; the analyzer to model what runs where.
 */
public final class NonTransactional {

    private NonTransactional() {}

    /** True for the {@code … CONCURRENTLY} forms that cannot run in a transaction block. */
    public static boolean isConcurrently(Statement statement) {
        if (statement instanceof Statement.CreateIndex ci) {
            return ci.concurrently();
        }
        if (statement instanceof Statement.DropIndex di) {
            return di.concurrently();
        }
        if (statement instanceof Statement.Reindex ri) {
            return ri.concurrently();
        }
        if (statement instanceof Statement.AlterTable at) {
            for (AlterAction action : at.actions()) {
                if (action instanceof AlterAction.DetachPartition dp && dp.concurrently()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the statement fails inside a transaction block on server version {@code pgVersion}. */
    public static boolean mustRunOutsideTransaction(Statement statement, int pgVersion) {
        if (isConcurrently(statement)) {
            return true;
        }
        if (statement instanceof Statement.Reindex ri) {
            return ri.target() == Statement.ReindexTarget.SCHEMA || ri.target() == Statement.ReindexTarget.DATABASE
                    || ri.target() == Statement.ReindexTarget.SYSTEM;
        }
        if (statement instanceof Statement.Vacuum) {
            return true;
        }
        if (statement instanceof Statement.Cluster c) {
            return c.table() == null;
        }
        if (statement instanceof Statement.AlterType t) {
            return t.action() == Statement.AlterTypeAction.ADD_VALUE && pgVersion < 12;
        }
        if (statement instanceof Statement.DropObject d) {
            return isClusterWide(d.kind());
        }
        if (statement instanceof Statement.CreateObject c) {
            return isClusterWide(c.kind());
        }
        if (statement instanceof Statement.Other o) {
            String k = o.keywords();
            return k.startsWith("ALTER SYSTEM") || k.startsWith("CREATE DATABASE") || k.startsWith("CREATE TABLESPACE")
                    || k.startsWith("CREATE SUBSCRIPTION") || k.startsWith("DROP SUBSCRIPTION")
                    || k.startsWith("DISCARD ALL");
        }
        return false;
    }

    private static boolean isClusterWide(ObjectKind kind) {
        return kind == ObjectKind.DATABASE || kind == ObjectKind.TABLESPACE || kind == ObjectKind.SUBSCRIPTION;
    }
}
