package io.pgsafety.core.rules.locks;

import io.pgsafety.core.analysis.TransactionState.HeldLock;
import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.Statement;
import java.util.HashSet;
import java.util.Set;

@RuleInfo(
        id = "statements-after-access-exclusive",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "Further statements in a transaction that already holds ACCESS EXCLUSIVE on an existing table",
        lock = LockMode.ACCESS_EXCLUSIVE)
public final class StatementsAfterAccessExclusive implements Rule {

    private final Set<String> reported = new HashSet<>();

    @Override
    public void check(StatementContext ctx) {
        Statement s = ctx.ast();
        if (!ctx.inTransaction() || s instanceof Statement.Transaction || s instanceof Statement.SetParameter
                || ctx.transaction().heldLocks().isEmpty()) {
            return;
        }
        for (HeldLock held : ctx.transaction().heldLocks()) {
            if (held.mode() != LockMode.ACCESS_EXCLUSIVE
                    || !reported.add(held.takenIn().path() + "#" + held.takenAt().offset())) {
                continue;
            }
            String table = held.table().sql();
            int line = held.takenAt().line() + held.takenIn().firstLine() - 1;
            boolean earlierMigration = held.takenIn() != ctx.migration();
            String where = earlierMigration ? "line " + line + " of " + held.takenIn().path() : "line " + line;
            String until = ctx.migration().sharedTransaction()
                    ? "the last of the migrations that share this transaction (Flyway's group=true) commits"
                    : "the transaction commits";
            ctx.report(s.span())
                    .object(held.table())
                    .message("The statement on " + where + " took an ACCESS EXCLUSIVE lock on " + table
                            + ", and PostgreSQL keeps it until " + until + ". This statement and every one after"
                            + " it in the transaction run while it is held, so every query on " + table
                            + " — reads included — waits for all of them, not just for that one statement.")
                    .alternative(SafeAlternative.builder()
                            .migration("the statement that locks " + table + ", alone (or last) in its transaction",
                                    terminated(held.statement()))
                            .migration("the statements that followed it, in their own migration",
                                    terminated(ctx.statement().text()) + "\n-- … and the statements after it")
                            .build())
                    .emit();
        }
    }

    private static String terminated(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s : s + ";";
    }
}
