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
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;

/** {@code ADD COLUMN … GENERATED ALWAYS AS (…) STORED} computes and writes a value into every row. */
@RuleInfo(
        id = "add-column-generated-stored",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ADD COLUMN … GENERATED ALWAYS AS (…) STORED on an existing table rewrites the whole table",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class AddColumnGeneratedStored implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.AddColumn add && add.column() != null
                    && add.column().generated() == ColumnDef.Generated.STORED) {
                report(ctx, alter.name(), add);
            }
        }
    }

    private static void report(StatementContext ctx, QualifiedName table, AlterAction.AddColumn add) {
        ColumnDef column = add.column();
        String expression = column.generatedExpr() == null ? "its expression" : column.generatedExpr().text();
        String message = "Adding stored generated column " + Identifiers.quote(column.name()) + " to " + table.sql()
                + " computes " + expression + " for every existing row and rewrites all of " + table.sql()
                + " under an ACCESS EXCLUSIVE lock: " + Wording.ACCESS_EXCLUSIVE_BLOCKS + ", which on a large table "
                + "is minutes of downtime.";
        ctx.report(add.span()).object(table.sql()).message(message)
                .alternative(alternative(ctx.pgVersion(), table, column)).emit();
    }

    private static String alternative(int pgVersion, QualifiedName table, ColumnDef column) {
        SafeAlternative alternative = SafeAlternative.builder();
        String c = Identifiers.quote(column.name());
        String type = DdlText.storedType(column);
        if (column.generatedExpr() == null) {
            return alternative.step("add " + c + " as a plain nullable column, fill it for new rows with a BEFORE "
                    + "INSERT OR UPDATE trigger, and backfill existing rows in batches").build();
        }
        String expression = column.generatedExpr().text().strip();
        String function = SqlNames.indexSql(table, SqlNames.makeObjectName(table.name(), column.name(), "fill"));
        String trigger = Identifiers.quote(SqlNames.makeObjectName(table.name(), column.name(), "fill"));
        String alias = Identifiers.quote(table.name());
        alternative.migration("add a plain nullable column (brief lock, no rewrite) and keep it computed for new and "
                + "updated rows with a trigger",
                DdlText.alterTable(table) + "ADD COLUMN " + DdlText.bareColumn(column, type) + ";\n"
                + "CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $fill$\nBEGIN\n"
                + "  SELECT " + expression + " INTO NEW." + c + " FROM (SELECT NEW.*) AS " + alias + ";\n"
                + "  RETURN NEW;\nEND\n$fill$;\n"
                + "CREATE TRIGGER " + trigger + " BEFORE INSERT OR UPDATE ON " + table.sql()
                + " FOR EACH ROW EXECUTE FUNCTION " + function + "();");
        alternative.step(OnlineSteps.backfill(table, column.name(), "(" + expression + ")",
                c + " IS DISTINCT FROM (" + expression + ")"));
        if (column.notNull()) {
            OnlineSteps.notNull(alternative, table, List.of(column.name()), pgVersion, null);
        }
        String constraints = DdlText.separateConstraintsStep(column, table);
        if (constraints != null) {
            alternative.step(constraints);
        }
        if (pgVersion >= 18) {
            alternative.step("or, if " + c + " need not be stored or indexed, replace all of the above with a virtual "
                    + "generated column (PostgreSQL 18), computed when read and added without a rewrite: "
                    + DdlText.alterTable(table) + "ADD COLUMN " + c + " " + type + " GENERATED ALWAYS AS ("
                    + expression + ") VIRTUAL;");
        }
        return alternative.build();
    }
}
