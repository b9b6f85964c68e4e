package io.pgsafety.liquibase;

import liquibase.change.Change;
import liquibase.change.core.AddForeignKeyConstraintChange;
import liquibase.change.core.AddNotNullConstraintChange;
import liquibase.change.core.AddUniqueConstraintChange;
import liquibase.change.core.CreateIndexChange;
import liquibase.change.core.DropIndexChange;

/**
 * The safe alternative in changelog terms, where Liquibase has its own way to say it. The SQL
 * alternative of the finding stays next to it: this only tells how to write it in a changelog.
 */
final class ChangelogAdvice {

    private static final String OUTSIDE_TRANSACTION = "in a changeset with runInTransaction=\"false\""
            + " (YAML/JSON: runInTransaction: false; formatted SQL: --changeset author:id runInTransaction:false)";

    private ChangelogAdvice() {}

    /** Advice for a finding of {@code rule} on {@code change}; null when there is nothing Liquibase-specific to say. */
    static String forFinding(String rule, Change change) {
        switch (rule) {
            case "add-foreign-key-validated":
                if (change instanceof AddForeignKeyConstraintChange) {
                    AddForeignKeyConstraintChange fk = (AddForeignKeyConstraintChange) change;
                    return "addForeignKeyConstraint … validate=\"false\" (adds it NOT VALID, no scan under the lock),"
                            + " then a later changeset with sql: ALTER TABLE " + table(fk.getBaseTableSchemaName(),
                                    fk.getBaseTableName()) + " VALIDATE CONSTRAINT " + orPlaceholder(fk.getConstraintName())
                            + " (YAML: - sql: {sql: \"ALTER TABLE … VALIDATE CONSTRAINT …\"})";
                }
                return null;
            case "create-index-non-concurrent":
                if (change instanceof CreateIndexChange) {
                    CreateIndexChange index = (CreateIndexChange) change;
                    return "add safety:concurrently=\"true\" to the changeset (YAML/JSON: safety:concurrently: true),"
                            + " or set liquibase.safety.concurrentIndexes=true: createIndex " + orPlaceholder(index.getIndexName())
                            + " then runs as CREATE " + (Boolean.TRUE.equals(index.isUnique()) ? "UNIQUE " : "")
                            + "INDEX CONCURRENTLY on " + table(index.getSchemaName(), index.getTableName())
                            + " outside a transaction, and its automatic rollback drops it concurrently";
                }
                return null;
            case "drop-index-non-concurrent":
                if (change instanceof DropIndexChange) {
                    DropIndexChange index = (DropIndexChange) change;
                    return "add safety:concurrently=\"true\" to the changeset (YAML/JSON: safety:concurrently: true),"
                            + " or set liquibase.safety.concurrentIndexes=true: dropIndex " + orPlaceholder(index.getIndexName())
                            + " then runs as DROP INDEX CONCURRENTLY outside a transaction";
                }
                if (change instanceof CreateIndexChange) {
                    return "this is createIndex's automatic rollback: add safety:concurrently=\"true\" to the changeset"
                            + " (YAML/JSON: safety:concurrently: true) and it drops the index concurrently, or give the"
                            + " changeset an explicit <rollback>DROP INDEX CONCURRENTLY "
                            + orPlaceholder(((CreateIndexChange) change).getIndexName()) + "</rollback> (YAML: rollback:"
                            + " [{sql: {sql: \"DROP INDEX CONCURRENTLY …\"}}]); either runs outside a transaction";
                }
                return null;
            case "add-unique-constraint":
                if (change instanceof AddUniqueConstraintChange) {
                    return "build the index first with a sql change CREATE UNIQUE INDEX CONCURRENTLY … "
                            + OUTSIDE_TRANSACTION + ", then addUniqueConstraint … forIndexName=\"<that index>\"";
                }
                return null;
            case "set-not-null":
                if (change instanceof AddNotNullConstraintChange) {
                    return "before addNotNullConstraint: a sql change ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID,"
                            + " a later changeset VALIDATE CONSTRAINT …; addNotNullConstraint then skips the scan"
                            + " (PostgreSQL 12+), and the check can be dropped after it";
                }
                return null;
            case "concurrently-in-transaction":
                return "add runInTransaction=\"false\" to the changeset (YAML/JSON: runInTransaction: false;"
                        + " formatted SQL: --changeset author:id runInTransaction:false)";
            case "missing-undo":
                return "add a <rollback> to the changeset (YAML/JSON: rollback:; formatted SQL: --rollback lines),"
                        + " or, when it truly cannot be undone, safety:irreversible=\"<why>\"";
            default:
                return null;
        }
    }

    /** Advice for a {@code missing-undo} finding on a changeset whose explicit rollback undoes nothing. */
    static String forEmptyRollback() {
        return "its rollback is empty (<rollback/>, --rollback empty or not required), which says there is nothing"
                + " to undo: write the statements that undo it, or say why it cannot be undone with"
                + " safety:irreversible=\"<why>\" (YAML/JSON: safety:irreversible: <why>;"
                + " formatted SQL: -- safety:irreversible reason=\"<why>\" in the changeset's SQL)";
    }

    private static String table(String schema, String table) {
        return (schema == null || schema.isBlank() ? "" : schema + ".") + orPlaceholder(table);
    }

    private static String orPlaceholder(String name) {
        return name == null || name.isBlank() ? "<name>" : name;
    }
}
