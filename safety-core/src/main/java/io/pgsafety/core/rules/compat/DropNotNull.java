package io.pgsafety.core.rules.compat;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.ExpandContract;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.Statement;

@RuleInfo(
        id = "drop-not-null",
        severity = Severity.WARNING,
        category = Category.COMPATIBILITY,
        summary = "ALTER COLUMN … DROP NOT NULL lets NULLs reach code that assumes there are none",
        appliesToDown = false)
public final class DropNotNull implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable at = ctx.alterOfExistingTable().orElse(null);
        if (at == null) {
            return;
        }
        for (AlterAction action : at.actions()) {
            if (action instanceof AlterAction.DropNotNull drop && drop.column() != null) {
                String table = at.name().sql();
                String column = Identifiers.quote(drop.column());
                String qualified = table + "." + column;
                ctx.report(drop.span())
                        .object(table)
                        .message("Dropping NOT NULL from " + qualified + " lets new code write NULLs that running"
                                + " instances of the current application were written never to see: their reads of "
                                + column + " can fail or misbehave (null pointer errors, wrong totals) until every"
                                + " instance runs code that handles NULL.")
                        .alternative(SafeAlternative.builder()
                                .step("deploy application code that handles a NULL " + qualified
                                        + " everywhere it reads the column, while still writing non-NULL values")
                                .migration("drop the constraint in a later release, once every running version"
                                                + " handles NULL",
                                        ExpandContract.allow("drop-not-null", "every running application version"
                                                + " handles a NULL " + qualified) + "\n"
                                                + "ALTER TABLE " + table + " ALTER COLUMN " + column
                                                + " DROP NOT NULL;")
                                .build())
                        .emit();
            }
        }
    }
}
