package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import java.util.List;
import java.util.Set;

/**
 * What the current transaction has done before the statement under analysis.
 *
 * @param open true inside a transaction block
 * @param explicit true when the SQL opened it with BEGIN (not the tool)
 * @param heldLocks locks taken so far on tables that existed before the run, strongest per table
 * @param notValidConstraints names of constraints added NOT VALID in this transaction
 * @param statementsSoFar statements run in this transaction before this one
 */
public record TransactionState(boolean open, boolean explicit, List<HeldLock> heldLocks,
        Set<String> notValidConstraints, int statementsSoFar) {

    /**
     * A lock held on {@code table} since {@code statement} (its text) at {@code takenAt} of
     * {@code takenIn}, which is an earlier migration when they share a transaction
     * ({@link Migration#sharedTransaction()}).
     */
    public record HeldLock(QualifiedName table, LockMode mode, Span takenAt, String statement, Migration takenIn) {}

    public TransactionState {
        heldLocks = List.copyOf(heldLocks);
        notValidConstraints = Set.copyOf(notValidConstraints);
    }
}
