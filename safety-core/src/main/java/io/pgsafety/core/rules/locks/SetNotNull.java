package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;

/** {@code ALTER COLUMN … SET NOT NULL} scans the whole table under ACCESS EXCLUSIVE. */
@RuleInfo(
        id = "set-not-null",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock unless a validated CHECK proves it",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class SetNotNull implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        QualifiedName table = alter.name();
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.SetNotNull set && set.column() != null
                    && !(ctx.pgVersion() >= 12 && ctx.hasValidatedNotNullCheck(table, set.column()))) {
                report(ctx, table, set);
            }
        }
    }

    private static void report(StatementContext ctx, QualifiedName table, AlterAction.SetNotNull set) {
        String c = Identifiers.quote(set.column());
        String message = "SET NOT NULL on " + table.sql() + "." + c + " reads every row of " + table.sql()
                + " to prove there is no NULL, holding an ACCESS EXCLUSIVE lock for the whole scan: "
                + Wording.ACCESS_EXCLUSIVE_BLOCKS + ", which on a large table means minutes of downtime."
                + (ctx.pgVersion() >= 12
                        ? " PostgreSQL 12+ skips the scan when a validated CHECK (" + c + " IS NOT NULL) exists; "
                                + "none is known here (with a live database connection the analyzer checks the catalog)."
                        : " Before PostgreSQL 12 the scan happens even when a validated CHECK proves the column "
                                + "has no NULLs.");
        ctx.report(set.span()).object(table.sql()).message(message)
                .alternative(alternative(ctx.pgVersion(), table, set.column())).emit();
    }

    private static String alternative(int pgVersion, QualifiedName table, String column) {
        SafeAlternative alternative = SafeAlternative.builder();
        return OnlineSteps.notNull(alternative, table, List.of(column), pgVersion, null).build();
    }
}
