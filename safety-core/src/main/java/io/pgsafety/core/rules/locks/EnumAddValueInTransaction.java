package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "enum-add-value-in-transaction",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ALTER TYPE … ADD VALUE inside a transaction on PostgreSQL before 12")
public final class EnumAddValueInTransaction implements Rule {

    @Override
    public void check(StatementContext ctx) {
        if (ctx.ast() instanceof Statement.AlterType t && t.action() == Statement.AlterTypeAction.ADD_VALUE
                && ctx.pgVersion() < 12 && ctx.inTransaction()) {
            ctx.report(t.span())
                    .object(t.name())
                    .message("On PostgreSQL " + ctx.pgVersion() + ", ALTER TYPE " + t.name().sql()
                            + " ADD VALUE cannot run inside a transaction block (ERROR: ALTER TYPE … ADD cannot run"
                            + " inside a transaction block): this migration fails at run time, after the migrations"
                            + " before it were committed. From PostgreSQL 12 it may run in a transaction, but the new"
                            + " label cannot be used until that transaction commits.")
                    .alternative(SafeAlternative.builder()
                            .migration("add the label on its own, outside a transaction (Flyway: executeInTransaction"
                                    + "=false in V…sql.conf; Liquibase: runInTransaction:false; goose: -- +goose NO"
                                    + " TRANSACTION)", ctx.statement().text().strip())
                            .build())
                    .emit();
        }
    }
}
