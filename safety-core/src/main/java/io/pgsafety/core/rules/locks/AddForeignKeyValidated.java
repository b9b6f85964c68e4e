package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;

/** A foreign key added without {@code NOT VALID} validates every row under SHARE ROW EXCLUSIVE on both tables. */
@RuleInfo(
        id = "add-foreign-key-validated",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "A foreign key added without NOT VALID blocks writes on both tables while it checks every row",
        lock = LockMode.SHARE_ROW_EXCLUSIVE,
        sizeDependent = true)
public final class AddForeignKeyValidated implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        QualifiedName table = alter.name();
        String alterTable = DdlText.alterTable(table);
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.AddConstraint add && isValidatedForeignKey(add.constraint())) {
                Constraint c = add.constraint();
                String name = name(table, c, c.columns());
                String alternative = SafeAlternative.builder()
                        .migration("add the constraint without checking existing rows (brief lock)",
                                alterTable + "ADD " + DdlText.tableConstraint(name, c, null) + " NOT VALID")
                        .migration("validate separately (SHARE UPDATE EXCLUSIVE: reads and writes continue)",
                                alterTable + "VALIDATE CONSTRAINT " + Identifiers.quote(name))
                        .build();
                report(ctx, table, add.span(), name, c, alternative);
            } else if (action instanceof AlterAction.AddColumn add && add.column() != null) {
                for (Constraint c : add.column().constraints()) {
                    if (isValidatedForeignKey(c)) {
                        String column = add.column().name();
                        String name = name(table, c, List.of(column));
                        String alternative = SafeAlternative.builder()
                                .migration("add the column without its foreign key (brief lock)",
                                        alterTable + "ADD COLUMN " + DdlText.columnWithout(add.column(), c))
                                .migration("add the foreign key without checking existing rows (brief lock)",
                                        alterTable + "ADD " + DdlText.tableConstraint(name, c, column) + " NOT VALID")
                                .migration("validate separately (SHARE UPDATE EXCLUSIVE: reads and writes continue)",
                                        alterTable + "VALIDATE CONSTRAINT " + Identifiers.quote(name))
                                .build();
                        report(ctx, table, add.span(), name, c, alternative);
                    }
                }
            }
        }
    }

    private static boolean isValidatedForeignKey(Constraint c) {
        return c != null && c.kind() == Constraint.Kind.FOREIGN_KEY && !c.notValid();
    }

    private static String name(QualifiedName table, Constraint c, List<String> columns) {
        return c.name() != null ? c.name() : SqlNames.foreignKey(table.name(), columns);
    }

    private static void report(StatementContext ctx, QualifiedName table, Span at, String name, Constraint c,
            String alternative) {
        String referenced = c.referencedTable() == null ? "the referenced table" : c.referencedTable().sql();
        String message = "Adding foreign key " + Identifiers.quote(name) + " validates every existing row of "
                + table.sql() + " while holding SHARE ROW EXCLUSIVE locks on " + table.sql() + " and " + referenced
                + ": " + Wording.WRITES_BLOCKED + " on both tables waits until the scan finishes, which on a large "
                + "table means minutes of failed requests.";
        ctx.report(at).object(table.sql()).message(message).alternative(alternative).emit();
    }
}
