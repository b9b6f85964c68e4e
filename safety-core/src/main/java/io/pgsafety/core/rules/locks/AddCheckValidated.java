package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;

/**
 * {@code ADD CONSTRAINT … CHECK} without {@code NOT VALID} scans the table under ACCESS EXCLUSIVE.
 * A CHECK written inside {@code ADD COLUMN} is not flagged: it is usually about the new column,
 * whose rows are all NULL or one default.
 */
@RuleInfo(
        id = "add-check-validated",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ADD CONSTRAINT … CHECK without NOT VALID scans the whole table under an ACCESS EXCLUSIVE lock",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class AddCheckValidated implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        QualifiedName table = alter.name();
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.AddConstraint add && add.constraint() != null
                    && add.constraint().kind() == Constraint.Kind.CHECK && !add.constraint().notValid()) {
                report(ctx, table, add);
            }
        }
    }

    private static void report(StatementContext ctx, QualifiedName table, AlterAction.AddConstraint add) {
        Constraint c = add.constraint();
        String name = c.name() != null ? c.name() : SqlNames.check(table.name(), SqlNames.checkColumn(c.expression()));
        String alterTable = DdlText.alterTable(table);
        String message = "Adding CHECK constraint " + Identifiers.quote(name) + " reads every row of " + table.sql()
                + " to verify it while holding an ACCESS EXCLUSIVE lock: " + Wording.ACCESS_EXCLUSIVE_BLOCKS
                + ", for as long as the full scan takes.";
        String alternative = SafeAlternative.builder()
                .migration("add the constraint for new and updated rows only (brief lock, no scan)",
                        alterTable + "ADD " + DdlText.tableConstraint(name, c, null) + " NOT VALID")
                .migration("validate existing rows separately (SHARE UPDATE EXCLUSIVE: reads and writes continue)",
                        alterTable + "VALIDATE CONSTRAINT " + Identifiers.quote(name))
                .build();
        ctx.report(add.span()).object(table.sql()).message(message).alternative(alternative).emit();
    }
}
