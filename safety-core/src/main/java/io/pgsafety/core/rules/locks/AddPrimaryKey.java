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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ADD PRIMARY KEY} builds its index and proves its columns NOT NULL under ACCESS
 * EXCLUSIVE, unless {@code USING INDEX}.
 */
@RuleInfo(
        id = "add-primary-key",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ADD PRIMARY KEY on an existing table builds its index (and scans for NULLs) under ACCESS EXCLUSIVE",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class AddPrimaryKey implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        QualifiedName table = alter.name();
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.AddConstraint add && isKeyBuild(add.constraint())) {
                Constraint c = add.constraint();
                report(ctx, table, add.span(), KeyIndex.of(ctx, table, name(table, c), c.columns(), c), null, null);
            } else if (action instanceof AlterAction.AddColumn add && add.column() != null) {
                for (Constraint c : add.column().constraints()) {
                    if (isKeyBuild(c)) {
                        List<String> columns = List.of(add.column().name());
                        report(ctx, table, add.span(), KeyIndex.of(ctx, table, name(table, c), columns, c),
                                add.column(), c);
                    }
                }
            }
        }
    }

    private static boolean isKeyBuild(Constraint c) {
        return c != null && c.kind() == Constraint.Kind.PRIMARY_KEY && c.usingIndex() == null;
    }

    private static String name(QualifiedName table, Constraint c) {
        return c.name() != null ? c.name() : SqlNames.primaryKey(table.name());
    }

    /** {@code newColumn}: the column an inline {@code PRIMARY KEY} ({@code inlineKey}) belongs to, else null. */
    private static void report(StatementContext ctx, QualifiedName table, Span at, KeyIndex key, ColumnDef newColumn,
            Constraint inlineKey) {
        String message = "Adding primary key " + Identifiers.quote(key.name()) + " on "
                + DdlText.columnList(key.columns()) + " builds its unique index over all of " + table.sql()
                + ", and first scans it to prove the key columns have no NULLs, all while holding an ACCESS "
                + "EXCLUSIVE lock: " + Wording.ACCESS_EXCLUSIVE_BLOCKS + ", for as long as the scans and the sort take.";
        ctx.report(at).object(table.sql()).message(message)
                .alternative(alternative(ctx, table, key, newColumn, inlineKey)).emit();
    }

    private static String alternative(StatementContext ctx, QualifiedName table, KeyIndex key, ColumnDef newColumn,
            Constraint inlineKey) {
        SafeAlternative alternative = SafeAlternative.builder();
        if (newColumn != null) {
            alternative.migration("add the column without PRIMARY KEY",
                    DdlText.alterTable(table) + "ADD COLUMN " + DdlText.columnWithout(newColumn, inlineKey));
            alternative.step("make sure every existing row has a distinct, non-NULL " + Identifiers.quote(newColumn.name())
                    + " (backfill in batches if the column has no default)");
        }
        key.buildIndex(alternative);
        List<String> unproven = new ArrayList<>();
        for (String column : key.columns()) {
            if (!(ctx.pgVersion() >= 12 && ctx.hasValidatedNotNullCheck(table, column))) {
                unproven.add(column);
            }
        }
        String attach = key.attachSql("PRIMARY KEY");
        if (unproven.isEmpty()) {
            alternative.migration("attach the index as the primary key (brief lock, no scan)", attach);
        } else {
            alternative.step("the key columns must be NOT NULL; ADD PRIMARY KEY … USING INDEX would otherwise scan "
                    + table.sql() + " under ACCESS EXCLUSIVE to prove it (columns already NOT NULL can skip the "
                    + "CHECK steps):");
            OnlineSteps.notNull(alternative, table, unproven, ctx.pgVersion(), attach);
        }
        return alternative.build();
    }
}
