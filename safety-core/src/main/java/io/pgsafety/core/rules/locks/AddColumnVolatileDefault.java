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
import io.pgsafety.core.sql.ast.Expr;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;

/**
 * {@code ADD COLUMN} whose default PostgreSQL must compute per row (volatile functions, serial
 * types, identity), or any default before PostgreSQL 11: the table is rewritten.
 */
@RuleInfo(
        id = "add-column-volatile-default",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ADD COLUMN with a volatile default (or any default before PostgreSQL 11) rewrites the whole table",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class AddColumnVolatileDefault implements Rule {

    /**
     * Volatile built-ins seen in defaults. STABLE ones (now, current_timestamp, statement_timestamp,
     * transaction_timestamp, txid_current) are evaluated once and stored in the catalog from 11.
     */
    private static final List<String> VOLATILE_FUNCTIONS = List.of(
            "random", "random_normal", "setseed", "clock_timestamp", "timeofday", "gen_random_uuid",
            "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "gen_random_bytes",
            "nextval", "currval", "lastval");

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.AddColumn add && add.column() != null) {
                String cause = rewriteCause(add.column(), ctx.pgVersion());
                if (cause != null) {
                    report(ctx, alter.name(), add, cause);
                }
            }
        }
    }

    /** Why PostgreSQL must write a value into every existing row, or null when it need not. */
    private static String rewriteCause(ColumnDef column, int pgVersion) {
        if (column.type() != null && column.type().isSerial()) {
            return "type " + column.type().name() + ", which fills every existing row from a new sequence";
        }
        if (column.generated() == ColumnDef.Generated.IDENTITY) {
            return "GENERATED … AS IDENTITY, which fills every existing row from a new sequence";
        }
        Expr value = column.defaultValue();
        if (value == null || value.isNull() || column.generated() == ColumnDef.Generated.STORED) {
            return null;
        }
        for (String function : VOLATILE_FUNCTIONS) {
            if (value.calls(function)) {
                return "the volatile default " + value.text() + " (" + function + "() returns a new value for "
                        + "every row, so PostgreSQL cannot store one value in the catalog)";
            }
        }
        if (pgVersion < 11) {
            return "the default " + value.text() + " (before PostgreSQL 11 every default is written into every "
                    + "existing row; from 11 a non-volatile one is stored in the catalog instead)";
        }
        return null;
    }

    private static void report(StatementContext ctx, QualifiedName table, AlterAction.AddColumn add, String cause) {
        ColumnDef column = add.column();
        String message = "Adding column " + Identifiers.quote(column.name()) + " to " + table.sql() + " with " + cause
                + ": PostgreSQL rewrites all of " + table.sql() + " under an ACCESS EXCLUSIVE lock, so "
                + Wording.ACCESS_EXCLUSIVE_BLOCKS + "; on a large table that is minutes of downtime, and the "
                + "rewrite needs disk space for a second copy of the table and its indexes.";
        ctx.report(add.span()).object(table.sql()).message(message)
                .alternative(alternative(ctx.pgVersion(), table, column)).emit();
    }

    private static String alternative(int pgVersion, QualifiedName table, ColumnDef column) {
        boolean fromSequence = column.generated() == ColumnDef.Generated.IDENTITY
                || column.type() != null && column.type().isSerial();
        String alter = DdlText.alterTable(table);
        String c = Identifiers.quote(column.name());
        String type = DdlText.storedType(column);
        SafeAlternative alternative = SafeAlternative.builder();
        String value;
        if (fromSequence) {
            String sequence = SqlNames.indexSql(table, SqlNames.sequence(table.name(), column.name()));
            value = "nextval(" + DdlText.literal(sequence) + ")";
            alternative.migration("create the sequence and add the column without a default (brief lock, no rewrite), "
                    + "then let new rows draw from the sequence (no rewrite)",
                    "CREATE SEQUENCE " + sequence + ";\n"
                    + alter + "ADD COLUMN " + DdlText.bareColumn(column, type) + ";\n"
                    + alter + "ALTER COLUMN " + c + " SET DEFAULT " + value + ";\n"
                    + "ALTER SEQUENCE " + sequence + " OWNED BY " + table.sql() + "." + c + ";");
        } else {
            value = column.defaultValue().text();
            alternative.migration("add the column without a default (brief lock, no rewrite), then set the default "
                    + "for new rows only (no rewrite)",
                    alter + "ADD COLUMN " + DdlText.bareColumn(column, type) + ";\n"
                    + alter + "ALTER COLUMN " + c + " SET DEFAULT " + value + ";");
        }
        alternative.step(OnlineSteps.backfill(table, column.name(), value, OnlineSteps.isNull(column.name())));
        if (column.notNull() || fromSequence) {
            OnlineSteps.notNull(alternative, table, List.of(column.name()), pgVersion, null);
        }
        if (column.generated() == ColumnDef.Generated.IDENTITY) {
            alternative.step("to make " + c + " an identity column afterwards: " + alter + "ALTER COLUMN " + c
                    + " DROP DEFAULT, ALTER COLUMN " + c + " ADD GENERATED BY DEFAULT AS IDENTITY; then SELECT setval("
                    + "pg_get_serial_sequence(" + DdlText.literal(table.sql()) + ", " + DdlText.literal(column.name())
                    + "), (SELECT max(" + c + ") FROM " + table.sql() + ")); and drop the old sequence (neither step "
                    + "rewrites the table)");
        }
        String constraints = DdlText.separateConstraintsStep(column, table);
        if (constraints != null) {
            alternative.step(constraints);
        }
        return alternative.build();
    }
}
