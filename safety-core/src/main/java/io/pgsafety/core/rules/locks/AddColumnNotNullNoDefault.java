package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ColumnDef;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;

/**
 * {@code ADD COLUMN … NOT NULL} without a default: fails on any non-empty table, and breaks the
 * INSERTs of the application version still running.
 */
@RuleInfo(
        id = "add-column-not-null-no-default",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ADD COLUMN … NOT NULL without a default fails on a non-empty table and breaks old code's INSERTs",
        lock = LockMode.ACCESS_EXCLUSIVE)
public final class AddColumnNotNullNoDefault implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.AddColumn add && add.column() != null && notNullWithoutValue(add.column())) {
                report(ctx, alter.name(), add);
            }
        }
    }

    /** NOT NULL (or PRIMARY KEY) with nothing that gives existing rows a value. */
    private static boolean notNullWithoutValue(ColumnDef column) {
        boolean notNull = column.notNull() || column.constraints().stream()
                .anyMatch(c -> c.kind() == Constraint.Kind.PRIMARY_KEY || c.kind() == Constraint.Kind.NOT_NULL);
        boolean hasDefault = column.defaultValue() != null && !column.defaultValue().isNull();
        boolean generated = column.generated() != null && column.generated() != ColumnDef.Generated.NONE;
        boolean serial = column.type() != null && column.type().isSerial();
        return notNull && !hasDefault && !generated && !serial;
    }

    private static void report(StatementContext ctx, QualifiedName table, AlterAction.AddColumn add) {
        ColumnDef column = add.column();
        String c = Identifiers.quote(column.name());
        String message = "Adding column " + c + " to " + table.sql() + " as NOT NULL without a default fails "
                + "(\"column " + column.name() + " contains null values\") as soon as " + table.sql() + " has a row, "
                + "after queueing traffic behind its ACCESS EXCLUSIVE lock; and where it succeeds, the application "
                + "version still running breaks, because its INSERTs do not set " + c + ".";
        ctx.report(add.span()).object(table.sql()).message(message)
                .alternative(alternative(ctx.pgVersion(), table, column)).emit();
    }

    private static String alternative(int pgVersion, QualifiedName table, ColumnDef column) {
        String alter = DdlText.alterTable(table);
        String c = Identifiers.quote(column.name());
        String type = DdlText.storedType(column);
        String constant = column.type() == null ? null : constantFor(column);
        SafeAlternative alternative = SafeAlternative.builder();
        String fullPlan = "add " + c + " without NOT NULL, deploy code that writes it, backfill existing rows in "
                + "batches, then add NOT NULL through a validated CHECK: ADD CONSTRAINT "
                + Identifiers.quote(SqlNames.notNullCheck(table.name(), column.name())) + " CHECK (" + c
                + " IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, SET NOT NULL (see the rule set-not-null)";
        if (pgVersion >= 11 && constant != null) {
            alternative.migration("add the column with a constant default: from PostgreSQL 11 it is stored in the "
                            + "catalog without rewriting " + table.sql() + ", and old code's INSERTs get the default",
                    alter + "ADD COLUMN " + DdlText.bareColumn(column, type) + " NOT NULL DEFAULT " + constant);
            alternative.step("if " + constant + " is not a meaningful value for the existing rows: " + fullPlan);
        } else {
            alternative.migration("add the column without NOT NULL (brief lock, no rewrite)",
                    alter + "ADD COLUMN " + DdlText.bareColumn(column, type));
            alternative.step("deploy application code that writes " + c + ", then "
                    + OnlineSteps.backfill(table, column.name(), "<value for existing rows>",
                            OnlineSteps.isNull(column.name())));
            OnlineSteps.notNull(alternative, table, List.of(column.name()), pgVersion, null);
        }
        String constraints = DdlText.separateConstraintsStep(column, table);
        if (constraints != null) {
            alternative.step(constraints);
        }
        return alternative.build();
    }

    /** A neutral constant of the column's type, or null when none is obvious or it must be unique. */
    private static String constantFor(ColumnDef column) {
        if (column.constraints().stream().anyMatch(
                c -> c.kind() == Constraint.Kind.PRIMARY_KEY || c.kind() == Constraint.Kind.UNIQUE)) {
            return null;
        }
        if (column.type().isArray()) {
            return "'{}'";
        }
        return switch (column.type().name()) {
            case "int2", "int4", "int8", "float4", "float8", "numeric", "money" -> "0";
            case "bool" -> "false";
            case "text", "varchar", "bpchar" -> "''";
            case "json", "jsonb" -> "'{}'";
            default -> null;
        };
    }
}
