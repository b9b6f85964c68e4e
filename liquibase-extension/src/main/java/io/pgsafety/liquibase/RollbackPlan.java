package io.pgsafety.liquibase;

import io.pgsafety.core.analysis.Migration;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.core.EmptyChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;

/**
 * How Liquibase would roll a pending changeset back, and the SQL that would run: its explicit
 * {@code <rollback>}, else the automatic inverse of its changes when every change has one. A
 * rollback made only of empty entries ({@code <rollback/>}, YAML {@code rollback:} with nothing
 * under it, formatted SQL {@code --rollback empty} or {@code --rollback not required}) says there
 * is nothing to undo, which counts as no rollback unless {@code safety:irreversible} gives the
 * reason.
 */
record RollbackPlan(Source source, ChangeSetSql sql, boolean runsInTransaction) {

    enum Source {
        /** An explicit {@code <rollback>} with changes. */
        EXPLICIT,
        /** No explicit rollback; Liquibase generates the inverse of each change. */
        AUTOMATIC,
        /** An explicit rollback that undoes nothing. */
        EMPTY,
        /** No explicit rollback, and a change without an automatic inverse. */
        NONE
    }

    static RollbackPlan of(ChangeSet changeSet, Database database) {
        List<Change> explicit = changeSet.getRollback().getChanges();
        boolean inTransaction = changeSet instanceof SafetyChangeSet
                ? ((SafetyChangeSet) changeSet).rollbackRunsInTransaction(database) : changeSet.isRunInTransaction();
        if (!explicit.isEmpty()) {
            Source source = explicit.stream().allMatch(c -> c instanceof EmptyChange) ? Source.EMPTY : Source.EXPLICIT;
            return new RollbackPlan(source, ChangeSetSql.explicitRollback(changeSet, database), inTransaction);
        }
        if (supportsAutomaticRollback(changeSet, database)) {
            return new RollbackPlan(Source.AUTOMATIC, ChangeSetSql.automaticRollback(changeSet, database), inTransaction);
        }
        return new RollbackPlan(Source.NONE, ChangeSetSql.explicitRollback(changeSet, database), inTransaction);
    }

    Migration.UndoStatus undoStatus() {
        return source == Source.EXPLICIT || source == Source.AUTOMATIC
                ? Migration.UndoStatus.PRESENT : Migration.UndoStatus.MISSING;
    }

    private static boolean supportsAutomaticRollback(ChangeSet changeSet, Database database) {
        try {
            return changeSet.supportsRollback(database);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
