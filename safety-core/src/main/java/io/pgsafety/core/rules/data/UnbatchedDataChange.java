package io.pgsafety.core.rules.data;

import io.pgsafety.core.rules.Category;
import io.pgsafety.core.rules.ExpandContract;
import io.pgsafety.core.rules.Rule;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.SafeAlternative;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.rules.StatementContext;
import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.List;

@RuleInfo(
        id = "unbatched-data-change",
        severity = Severity.WARNING,
        category = Category.DATA,
        summary = "UPDATE or DELETE of every row of an existing table in one statement",
        sizeDependent = true)
public final class UnbatchedDataChange implements Rule {

    @Override
    public void check(StatementContext ctx) {
        QualifiedName table;
        String verb;
        Span span;
        if (ctx.ast() instanceof Statement.Update update && !update.hasWhere()) {
            table = update.table();
            verb = "UPDATE";
            span = update.span();
        } else if (ctx.ast() instanceof Statement.Delete delete && !delete.hasWhere()) {
            table = delete.table();
            verb = "DELETE";
            span = delete.span();
        } else {
            return;
        }
        if (table == null || !ctx.isExistingTable(table)) {
            return;
        }
        String name = table.sql();
        String effect = verb.equals("UPDATE") ? "writes a new version of every row of " + name
                : "deletes every row of " + name + " one by one";
        ctx.report(span)
                .object(name)
                .message(verb + " without WHERE " + effect + " in a single transaction: each row stays locked until"
                        + " it commits (so concurrent writes to any row of " + name + " wait), dead row versions pile"
                        + " up as bloat until vacuum catches up, and replicas fall behind by the whole change."
                        + " Inside a schema migration it also extends how long the migration's other locks are held.")
                .alternative(SafeAlternative.builder()
                        .step("run the change outside the schema migration, in batches that each commit:\n"
                                + ExpandContract.batchLoop(table, batched(ctx.statement())))
                        .build())
                .emit();
    }

    /** The statement with the batch's key range as its WHERE, placed before any RETURNING clause. */
    private static String batched(ParsedStatement statement) {
        String text = statement.text().strip();
        List<Token> tokens = statement.tokens();
        String where = " WHERE " + ExpandContract.BATCH_RANGE;
        if (tokens.isEmpty()) {
            return text + where;
        }
        int base = tokens.get(0).offset();
        int start = statement.text().indexOf(tokens.get(0).text());
        int depth = 0;
        for (Token t : tokens) {
            if (t.is(TokenType.LPAREN)) {
                depth++;
            } else if (t.is(TokenType.RPAREN)) {
                depth--;
            } else if (depth == 0 && t.is("returning")) {
                int at = start + t.offset() - base;
                if (start >= 0 && at > 0 && at <= statement.text().length()) {
                    return statement.text().substring(0, at).strip() + where + " "
                            + statement.text().substring(at).strip();
                }
            }
        }
        return text + where;
    }
}
