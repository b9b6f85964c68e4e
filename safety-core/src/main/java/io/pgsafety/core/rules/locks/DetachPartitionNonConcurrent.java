package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

/** {@code DETACH PARTITION} without {@code CONCURRENTLY} takes ACCESS EXCLUSIVE on the parent. */
@RuleInfo(
        id = "detach-partition-non-concurrent",
        severity = Severity.WARNING,
        category = Category.LOCKS,
        summary = "DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the partitioned table",
        lock = LockMode.ACCESS_EXCLUSIVE)
public final class DetachPartitionNonConcurrent implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.DetachPartition detach && !detach.concurrently()
                    && !detach.finalizeDetach() && detach.partition() != null) {
                report(ctx, alter, detach);
            }
        }
    }

    private static void report(StatementContext ctx, Statement.AlterTable alter, AlterAction.DetachPartition detach) {
        QualifiedName parent = alter.name();
        String message = "Detaching partition " + detach.partition().sql() + " from " + parent.sql()
                + " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on " + parent.sql() + ": "
                + Wording.ACCESS_EXCLUSIVE_BLOCKS + ", on every partition of " + parent.sql() + ".";
        ctx.report(detach.span()).object(parent.sql()).message(message)
                .alternative(alternative(ctx.pgVersion(), alter, detach)).emit();
    }

    private static String alternative(int pgVersion, Statement.AlterTable alter, AlterAction.DetachPartition detach) {
        String detachSql = DdlText.alterTable(alter.name()) + "DETACH PARTITION " + detach.partition().sql();
        if (pgVersion < 14) {
            return SafeAlternative.builder()
                    .step(Wording.postgres(pgVersion) + " has no online form (DETACH PARTITION … CONCURRENTLY "
                            + "arrived in PostgreSQL 14): run the detach in a quiet period after SET lock_timeout = '5s' "
                            + "so it gives up instead of stalling traffic while it waits, and retry until it succeeds")
                    .build();
        }
        SafeAlternative alternative = SafeAlternative.builder()
                .migration("detach in two transactions that take only SHARE UPDATE EXCLUSIVE on "
                        + alter.name().sql() + ", " + Wording.OUTSIDE_TRANSACTION
                        + (alter.actions().size() > 1 ? ", as a statement of its own" : ""), detachSql + " CONCURRENTLY")
                .step("if it is interrupted, complete it with " + detachSql + " FINALIZE;")
                .step("CONCURRENTLY is refused when " + alter.name().sql() + " has a DEFAULT partition; then detach "
                        + "in a quiet period after SET lock_timeout = '5s', retrying until it succeeds");
        return alternative.build();
    }
}
