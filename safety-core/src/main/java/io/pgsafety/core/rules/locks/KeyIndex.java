package io.pgsafety.core.rules.locks;

import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.SqlNames;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.ast.Constraint;
import io.pgsafety.core.sql.ast.Identifiers;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.List;

/**
 * The online way to add a UNIQUE or PRIMARY KEY constraint: build its unique index
 * concurrently, then attach it with {@code ADD CONSTRAINT … USING INDEX}. Carries over the
 * constraint's index options ({@code INCLUDE}, {@code NULLS NOT DISTINCT}, {@code WITH},
 * {@code USING INDEX TABLESPACE}) and its deferral clause.
 */
record KeyIndex(QualifiedName table, String name, List<String> columns, String indexOptions, String deferral) {

    static KeyIndex of(StatementContext ctx, QualifiedName table, String name, List<String> columns, Constraint constraint) {
        StringBuilder include = new StringBuilder();
        StringBuilder nulls = new StringBuilder();
        StringBuilder with = new StringBuilder();
        StringBuilder tablespace = new StringBuilder();
        StringBuilder deferral = new StringBuilder();
        List<Token> tokens = DdlText.tokensWithin(ctx, constraint.span());
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is(TokenType.LPAREN)) {
                depth++;
            } else if (t.is(TokenType.RPAREN)) {
                depth--;
            } else if (depth == 0) {
                if ((t.is("include") || t.is("with")) && i + 1 < tokens.size() && tokens.get(i + 1).is(TokenType.LPAREN)) {
                    int close = closing(tokens, i + 1);
                    (t.is("include") ? include : with).append(' ')
                            .append(DdlText.source(ctx, t.offset(), tokens.get(close).endOffset()));
                    i = close;
                } else if (t.is("nulls") && i + 2 < tokens.size() && tokens.get(i + 1).is("not")
                        && tokens.get(i + 2).is("distinct")) {
                    nulls.append(" NULLS NOT DISTINCT");
                    i += 2;
                } else if (t.is("tablespace") && i + 1 < tokens.size()) {
                    tablespace.append(" TABLESPACE ").append(tokens.get(i + 1).text());
                    i++;
                } else if (t.is("deferrable") || t.is("initially")
                        || t.is("not") && i + 1 < tokens.size() && tokens.get(i + 1).is("deferrable")) {
                    int end = t.is("deferrable") ? i : i + 1;
                    deferral.append(' ').append(DdlText.source(ctx, t.offset(), tokens.get(end).endOffset()));
                    i = end;
                }
            }
        }
        return new KeyIndex(table, name, columns, include.toString() + nulls + with + tablespace, deferral.toString());
    }

    /** An unclosed list runs to the end of the statement. */
    private static int closing(List<Token> tokens, int open) {
        int close = SqlNames.matchingParen(tokens, open);
        return close < 0 ? tokens.size() - 1 : close;
    }

    String createIndexSql() {
        return "CREATE UNIQUE INDEX CONCURRENTLY " + Identifiers.quote(name) + " ON " + table.sql() + " "
                + DdlText.columnList(columns) + indexOptions;
    }

    /** {@code ALTER TABLE t ADD CONSTRAINT name UNIQUE|PRIMARY KEY USING INDEX name}. */
    String attachSql(String keyword) {
        return DdlText.alterTable(table) + "ADD CONSTRAINT " + Identifiers.quote(name) + " " + keyword
                + " USING INDEX " + Identifiers.quote(name) + deferral;
    }

    /** Adds the concurrent build and what to do when it fails. */
    SafeAlternative buildIndex(SafeAlternative alternative) {
        return alternative
                .migration("build the unique index while reads and writes continue (SHARE UPDATE EXCLUSIVE), "
                        + Wording.OUTSIDE_TRANSACTION, createIndexSql())
                .step("if the build fails (duplicate key, deadlock, cancelled statement) it leaves an INVALID index: "
                        + "run DROP INDEX CONCURRENTLY IF EXISTS " + SqlNames.indexSql(table, name)
                        + "; fix the data and retry");
    }
}
