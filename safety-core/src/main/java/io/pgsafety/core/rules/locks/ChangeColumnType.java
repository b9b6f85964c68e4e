package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.ExpandContract;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.Expr;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@RuleInfo(
        id = "change-column-type",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ALTER COLUMN … TYPE that rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class ChangeColumnType implements Rule {

    private static final String SAFE_CHANGES = "varchar(n) to varchar(m >= n), varchar or text; text to varchar;"
            + " numeric(p,s) to numeric(p2 >= p,s) or numeric; cidr to inet; a higher or unbounded precision of"
            + " timestamp, timestamptz, time, timetz or interval; varbit(n) to varbit(m >= n) or varbit";

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable at = ctx.alterOfExistingTable().orElse(null);
        if (at == null) {
            return;
        }
        for (AlterAction action : at.actions()) {
            if (action instanceof AlterAction.AlterColumnType change && change.column() != null
                    && change.type() != null) {
                check(ctx, at.name(), change);
            }
        }
    }

    private static void check(StatementContext ctx, QualifiedName table, AlterAction.AlterColumnType change) {
        Optional<String> current = ctx.columnType(table, change.column());
        Optional<ColumnType> from = current.flatMap(ColumnType::parseFormatted);
        ColumnType to = ColumnType.of(change.type());
        boolean plainCast = change.using() == null || isPlainColumn(change.using(), change.column(), change.type().text());
        if (from.isPresent() && plainCast && from.get().changesWithoutRewriteTo(to)) {
            return;
        }
        String column = Identifiers.quote(change.column());
        String target = change.type().text();
        String what = current.map(c -> "Changing " + table.sql() + "." + column + " from " + c + " to " + target)
                .orElse("Changing " + table.sql() + "." + column + " to " + target);
        String why = from.isEmpty()
                ? " may rewrite the whole table: its current type is unknown here, so the change could not be proven"
                        + " free (only these are: " + SAFE_CHANGES + ")."
                : plainCast ? " rewrites the whole table." : " rewrites the whole table to compute the USING expression.";
        String note = from.filter(f -> f.name().equals("timestamp") && to.name().equals("timestamptz")).isPresent()
                ? " (On PostgreSQL 12+ this particular change skips the rewrite when the session TimeZone is UTC.)"
                : "";
        ctx.report(change.span())
                .object(table.sql())
                .message(what + why + note + " The rewrite and the rebuild of every index on " + table.sql()
                        + " run under an ACCESS EXCLUSIVE lock, so every query on the table, reads included, waits"
                        + " until it finishes: minutes of downtime on a large table.")
                .alternative(alternative(table, change, current))
                .emit();
    }

    /** {@code USING col} or {@code USING col::<target>}: the same conversion PostgreSQL makes anyway. */
    private static boolean isPlainColumn(Expr using, String column, String targetText) {
        List<Token> tokens = using.tokens();
        if (tokens.isEmpty() || !isColumn(tokens.get(0), column)) {
            return false;
        }
        if (tokens.size() == 1) {
            return true;
        }
        if (!tokens.get(1).text().equals("::")) {
            return false;
        }
        StringBuilder cast = new StringBuilder();
        for (Token t : tokens.subList(2, tokens.size())) {
            cast.append(t.text());
        }
        return normalise(cast.toString()).equals(normalise(targetText));
    }

    private static boolean isColumn(Token token, String column) {
        return token.type() == TokenType.WORD && token.text().toLowerCase(Locale.ROOT).equals(column)
                || token.type() == TokenType.QUOTED_IDENT
                        && token.text().equals('"' + column.replace("\"", "\"\"") + '"');
    }

    private static String normalise(String sql) {
        return sql.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    private static String alternative(QualifiedName table, AlterAction.AlterColumnType change, Optional<String> current) {
        ColumnType to = ColumnType.of(change.type());
        boolean fromText = current.flatMap(ColumnType::parseFormatted)
                .map(f -> f.name().equals("text") || f.name().equals("varchar")).orElse(true);
        if (to.name().equals("varchar") && to.bounded() && to.arrayDimensions() == 0 && fromText
                && change.using() == null) {
            return lengthCheckAlternative(table, change.column(), to.modifier(0));
        }
        return copyColumnAlternative(table, change);
    }

    /** Limiting the length: a CHECK constraint gives the same guarantee without a rewrite. */
    private static String lengthCheckAlternative(QualifiedName table, String column, int length) {
        String col = Identifiers.quote(column);
        String constraint = Identifiers.quote(SqlNames.makeObjectName(table.name(), column, "length_check"));
        return SafeAlternative.builder()
                .migration("limit the length with a CHECK constraint instead, without checking existing rows"
                                + " (brief lock)",
                        "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + constraint + " CHECK (char_length(" + col
                                + ") <= " + length + ") NOT VALID;")
                .migration("validate it separately (SHARE UPDATE EXCLUSIVE: reads and writes continue)",
                        "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + constraint + ";")
                .build();
    }

    private static String copyColumnAlternative(QualifiedName table, AlterAction.AlterColumnType change) {
        String oldColumn = change.column();
        String newColumn = SqlNames.makeObjectName(oldColumn, null, "new");
        String col = Identifiers.quote(oldColumn);
        String newCol = Identifiers.quote(newColumn);
        String type = change.type().text();
        String trigger = SqlNames.makeObjectName(table.name(), newColumn, "sync");
        String converted = change.using() == null ? "NEW." + col + "::" + type : rowExpression(change.using(), oldColumn);
        String backfillValue = change.using() == null ? col + "::" + type : change.using().text();
        return SafeAlternative.builder()
                .migration("add the column with the new type and keep it in step with " + col + " (brief lock)",
                        "ALTER TABLE " + table.sql() + " ADD COLUMN " + newCol + " " + type + ";\n"
                                + ExpandContract.syncTrigger(table, trigger,
                                        "  NEW." + newCol + " := " + converted + ";"))
                .step("backfill existing rows in batches, outside the schema migration:\n"
                        + ExpandContract.batchLoop(table, "UPDATE " + table.sql() + " SET " + newCol + " = "
                                + backfillValue + " WHERE " + ExpandContract.BATCH_RANGE))
                .step("deploy application code that reads and writes " + newCol + " instead of " + col
                        + " (add a NOT NULL, default or constraints to " + newCol + " the safe way first if "
                        + col + " has them; indexes on " + col + " need twins built with CREATE INDEX CONCURRENTLY)")
                .migration("drop the old column once nothing uses it (brief lock)",
                        ExpandContract.lockTimeout() + "\n"
                                + ExpandContract.dropSyncTrigger(table, trigger) + "\n"
                                + ExpandContract.allow("drop-column", "the application uses " + newCol + " now") + "\n"
                                + "ALTER TABLE " + table.sql() + " DROP COLUMN " + col + ";")
                .build();
    }

    /** The USING expression with its references to the column read from the trigger's NEW row. */
    private static String rowExpression(Expr using, String column) {
        StringBuilder out = new StringBuilder();
        Token previous = null;
        for (Token t : using.tokens()) {
            if (previous != null && t.offset() > previous.endOffset()) {
                out.append(' ');
            }
            out.append(isColumn(t, column) ? "NEW." + t.text() : t.text());
            previous = t;
        }
        return out.toString();
    }
}
