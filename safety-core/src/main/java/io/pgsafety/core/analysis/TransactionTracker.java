package io.pgsafety.core.analysis;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows transaction blocks through one migration, or through the migrations that share one
 * transaction ({@link Migration#sharedTransaction()}): the tool's own transaction (per
 * {@link Migration.TransactionMode}), explicit BEGIN/COMMIT in the SQL, and the split the
 * runtime makes around statements that must run outside a transaction.
 */
final class TransactionTracker {

    private final Migration.TransactionMode mode;
    private final int pgVersion;
    private boolean open;
    private boolean explicit;
    private final List<TransactionState.HeldLock> held = new ArrayList<>();
    private final Set<String> notValid = new HashSet<>();
    private int statements;

    TransactionTracker(Migration.TransactionMode mode, int pgVersion) {
        this.mode = mode;
        this.pgVersion = pgVersion;
        this.open = mode != Migration.TransactionMode.AUTOCOMMIT;
    }

    /** The state a statement sees before it runs (the runtime commits before a non-transactional one). */
    TransactionState before(Statement statement) {
        if (open && !explicit && mode == Migration.TransactionMode.WRAPPED_EXCEPT_CONCURRENT
                && NonTransactional.mustRunOutsideTransaction(statement, pgVersion)) {
            reset(false);
            return new TransactionState(false, false, List.of(), Set.of(), 0);
        }
        return new TransactionState(open, explicit, held, notValid, statements);
    }

    /** Records what {@code statement} did to the transaction; {@code locks} are on pre-existing tables. */
    void after(Statement statement, String text, List<TableLock> locks, Span span, Migration migration) {
        if (statement instanceof Statement.Transaction tx) {
            switch (tx.kind()) {
                case BEGIN -> {
                    if (!open) {
                        open = true;
                        explicit = true;
                        clear();
                    }
                }
                case COMMIT, ROLLBACK, PREPARE -> reset(false);
                default -> {
                    // savepoints keep the transaction and its locks
                }
            }
            return;
        }
        if (!open) {
            if (mode == Migration.TransactionMode.WRAPPED_EXCEPT_CONCURRENT
                    && NonTransactional.mustRunOutsideTransaction(statement, pgVersion)) {
                // the runtime opens a new transaction for the statements after it
                open = true;
                explicit = false;
            }
            return;
        }
        statements++;
        if (statement instanceof Statement.DropObject) {
            // queries on a dropped table fail anyway: how long its lock is held does not matter
            return;
        }
        for (TableLock lock : locks) {
            if (lock.mode() == LockMode.ACCESS_EXCLUSIVE
                    && held.stream().noneMatch(h -> h.table().sameObject(lock.table())
                            && h.mode() == LockMode.ACCESS_EXCLUSIVE)) {
                held.add(new TransactionState.HeldLock(lock.table(), lock.mode(), span, text, migration));
            }
        }
        if (statement instanceof Statement.AlterTable at) {
            for (AlterAction a : at.actions()) {
                if (a instanceof AlterAction.AddConstraint ac && ac.constraint().notValid()
                        && ac.constraint().name() != null) {
                    notValid.add(ac.constraint().name());
                }
            }
        }
    }

    private void reset(boolean keepOpen) {
        open = keepOpen;
        explicit = false;
        clear();
    }

    private void clear() {
        held.clear();
        notValid.clear();
        statements = 0;
    }
}
