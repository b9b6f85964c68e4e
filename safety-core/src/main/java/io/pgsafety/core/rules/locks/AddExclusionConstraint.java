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
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.List;

/** {@code ADD CONSTRAINT … EXCLUDE} builds its index under ACCESS EXCLUSIVE; there is no online form. */
@RuleInfo(
        id = "add-exclusion-constraint",
        severity = Severity.ERROR,
        category = Category.LOCKS,
        summary = "ADD CONSTRAINT … EXCLUDE on an existing table builds its index under an ACCESS EXCLUSIVE lock",
        lock = LockMode.ACCESS_EXCLUSIVE,
        sizeDependent = true)
public final class AddExclusionConstraint implements Rule {

    @Override
    public void check(StatementContext ctx) {
        Statement.AlterTable alter = ctx.alterOfExistingTable().orElse(null);
        if (alter == null) {
            return;
        }
        for (AlterAction action : alter.actions()) {
            if (action instanceof AlterAction.AddConstraint add && add.constraint() != null
                    && add.constraint().kind() == Constraint.Kind.EXCLUDE) {
                report(ctx, alter.name(), add);
            }
        }
    }

    private static void report(StatementContext ctx, QualifiedName table, AlterAction.AddConstraint add) {
        Constraint c = add.constraint();
        String name = c.name() != null ? c.name() : SqlNames.exclusion(table.name(), columns(c));
        String message = "Adding exclusion constraint " + Identifiers.quote(name) + " builds its index over all of "
                + table.sql() + " while holding an ACCESS EXCLUSIVE lock: " + Wording.ACCESS_EXCLUSIVE_BLOCKS
                + ", for as long as the build takes. PostgreSQL has no online way to add an exclusion constraint "
                + "(no NOT VALID, no USING INDEX).";
        String copy = SqlNames.makeObjectName(table.name(), null, "new");
        QualifiedName copyName = new QualifiedName(table.schema(), copy, null);
        String alternative = SafeAlternative.builder()
                .migration("create a copy of " + table.sql() + " that has the constraint from the start (a new, "
                                + "empty table: nobody waits on it)",
                        "CREATE TABLE " + copyName.sql() + " (LIKE " + table.sql() + " INCLUDING ALL);\n"
                        + DdlText.alterTable(copyName) + "ADD " + DdlText.tableConstraint(name, c, null) + ";")
                .step("copy the rows into " + copyName.sql() + " in batches while a trigger on " + table.sql()
                        + " mirrors new writes, then swap the names in one short transaction in a quiet moment "
                        + "(foreign keys, views and sequences that point at " + table.sql() + " must be moved too)")
                .step("or, when that is too much for the table's size, add the constraint as written in a maintenance "
                        + "window, after SET lock_timeout = '5s' so it gives up rather than stalling traffic if the "
                        + "lock is not free")
                .build();
        ctx.report(add.span()).object(table.sql()).message(message).alternative(alternative).emit();
    }

    /** Column names of the EXCLUDE elements, as PostgreSQL names the index columns. */
    private static List<String> columns(Constraint c) {
        if (!c.columns().isEmpty()) {
            return c.columns();
        }
        if (c.expression() == null) {
            return List.of();
        }
        List<Token> tokens = c.expression().tokens();
        if (tokens.size() >= 2 && tokens.get(0).is("using")) {
            tokens = tokens.subList(2, tokens.size());
        }
        if (tokens.size() >= 2 && tokens.get(0).is(TokenType.LPAREN)) {
            int depth = 0;
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).is(TokenType.LPAREN)) {
                    depth++;
                } else if (tokens.get(i).is(TokenType.RPAREN) && --depth == 0) {
                    tokens = tokens.subList(1, i);
                    break;
                }
            }
        }
        return SqlNames.indexElementNames(tokens);
    }
}
