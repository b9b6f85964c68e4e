package io.pgsafety.core.rules.locks;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;

@RuleInfo(
        id = "concurrently-in-transaction",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "A CONCURRENTLY statement that would run inside a transaction block and fail with SQLSTATE 25001")
public final class ConcurrentlyInTransaction implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (!NonTransactional.isConcurrently(ctx.ast()) || !(ctx.inTransaction() || ctx.insideDoBlock())) {
            return;
        }
        String statement = ctx.statement().text().strip();
        String where;
        if (ctx.insideDoBlock()) {
            where = "inside a DO block, which always runs in a transaction";
        } else if (ctx.transaction().explicit()) {
            where = "inside the transaction block opened by BEGIN earlier in this script";
        } else {
            where = "inside the transaction " + tool(ctx.migration()) + " wraps this migration in";
        }
        ctx.report(ctx.ast().span())
                .message("This statement runs " + where + ". PostgreSQL refuses CONCURRENTLY there (ERROR: cannot"
                        + " run inside a transaction block, SQLSTATE 25001), so the migration fails at run time —"
                        + " after the migrations before it have already been committed, leaving a half-applied"
                        + " deploy.")
                .alternative(SafeAlternative.builder()
                        .migration("run it on its own, outside a transaction (" + howToSayNoTransaction(ctx.migration())
                                + ")", statement)
                        .build())
                .emit();
    }

    private static String tool(Migration m) {
        if (m.name().contains("::")) {
            return "Liquibase (runInTransaction defaults to true)";
        }
        return "the migration tool";
    }

    private static String howToSayNoTransaction(Migration m) {
        if (m.name().contains("::")) {
            return "Liquibase: runInTransaction:false on the changeset";
        }
        return "Flyway: executeInTransaction=false in its V…sql.conf, or this library's runtime; goose:"
                + " -- +goose NO TRANSACTION; dbmate: transaction:false; diesel: run_in_transaction = false;"
                + " plain SQL: no BEGIN around it";
    }
}
