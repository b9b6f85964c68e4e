package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "set-logged-unlogged",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "ALTER TABLE … SET LOGGED/UNLOGGED rewrites the table under ACCESS EXCLUSIVE",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class SetLoggedUnlogged implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable at = ctx.alterOfExistingTable().orElse(null);
        if (at == null) {
            return;
        }
        for (AlterAction action : at.actions()) {
            if (action instanceof AlterAction.SetLogged change) {
                String table = at.name().sql();
                String extra = change.logged()
                        ? " Every row is also written to the WAL, so replicas fall behind by the size of the table."
                        : " Once unlogged, the table is emptied after a crash and is not replicated to standbys.";
                ctx.report(change.span())
                        .object(table)
                        .message("SET " + (change.logged() ? "LOGGED" : "UNLOGGED") + " rewrites all of " + table
                                + " and its indexes into a new file while holding an ACCESS EXCLUSIVE lock: every query"
                                + " on the table, reads included, waits until the rewrite finishes." + extra)
                        .alternative(SafeAlternative.builder()
                                .step("PostgreSQL has no online form of this change: run it in a maintenance window,"
                                        + " or while the table is still small, with a lock timeout so it fails fast"
                                        + " instead of queueing traffic behind the lock:\n"
                                        + "--   SET lock_timeout = '5s';\n"
                                        + "--   ALTER TABLE " + table + " SET " + (change.logged() ? "LOGGED" : "UNLOGGED")
                                        + ";")
                                .build())
                        .emit();
            }
        }
    }
}
