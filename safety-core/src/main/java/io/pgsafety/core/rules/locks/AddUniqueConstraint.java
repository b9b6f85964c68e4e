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
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;

/** {@code ADD … UNIQUE} builds its index under ACCESS EXCLUSIVE, unless {@code USING INDEX}. */
@RuleInfo(
        id = "add-unique-constraint",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ADD CONSTRAINT … UNIQUE on an existing table builds its index under an ACCESS EXCLUSIVE lock",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class AddUniqueConstraint implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        QualifiedName table = alter.name();
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.AddConstraint add && isUniqueBuild(add.constraint())) {
                Constraint c = add.constraint();
                KeyIndex key = KeyIndex.of(ctx, table, name(table, c, c.columns()), c.columns(), c);
                SafeAlternative alternative = SafeAlternative.builder();
                key.buildIndex(alternative).migration("attach the index as the constraint (brief lock, no scan)",
                        key.attachSql("UNIQUE"));
                report(ctx, table, add.span(), key, alternative.build());
            } else if (action instanceof AlterAction.AddColumn add && add.column() != null) {
                for (Constraint c : add.column().constraints()) {
                    if (isUniqueBuild(c)) {
                        reportColumn(ctx, table, add, c);
                    }
                }
            }
        }
    }

    private static boolean isUniqueBuild(Constraint c) {
        return c != null && c.kind() == Constraint.Kind.UNIQUE && c.usingIndex() == null;
    }

    private static String name(QualifiedName table, Constraint c, List<String> columns) {
        return c.name() != null ? c.name() : SqlNames.uniqueKey(table.name(), columns);
    }

    private static void reportColumn(StatementContext ctx, QualifiedName table, AlterAction.AddColumn add, Constraint c) {
        ColumnDef column = add.column();
        List<String> columns = List.of(column.name());
        KeyIndex key = KeyIndex.of(ctx, table, name(table, c, columns), columns, c);
        SafeAlternative alternative = SafeAlternative.builder().migration(
                "add the column without UNIQUE (brief lock)",
                DdlText.alterTable(table) + "ADD COLUMN " + DdlText.columnWithout(column, c));
        key.buildIndex(alternative).migration("attach the index as the constraint (brief lock, no scan)",
                key.attachSql("UNIQUE"));
        report(ctx, table, add.span(), key, alternative.build());
    }

    private static void report(StatementContext ctx, QualifiedName table, Span at, KeyIndex key, String alternative) {
        String message = "Adding unique constraint " + Identifiers.quote(key.name()) + " on "
                + DdlText.columnList(key.columns()) + " builds its unique index over all of " + table.sql()
                + " while holding an ACCESS EXCLUSIVE lock: " + Wording.ACCESS_EXCLUSIVE_BLOCKS
                + ", for as long as reading and sorting the whole table takes.";
        ctx.report(at).object(table.sql()).message(message).alternative(alternative).emit();
    }
}
