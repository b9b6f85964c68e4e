package io.pgsafety.flyway;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import io.pgsafety.core.sql.parser.ParseResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.internal.sqlscript.Delimiter;
import org.flywaydb.core.internal.sqlscript.ParsedSqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatement;

/**
 * A script's statements as Flyway's PostgreSQL parser (with {@link SafetyPostgreSQLParser}'s
 * CONCURRENTLY rule) splits them, taken from the pre-flight's parse so that Flyway does not
 * parse the script a second time: its parser is the largest single cost of a {@code migrate} of
 * small scripts in a fresh JVM. Only scripts whose split cannot differ qualify; any other runs
 * through Flyway's parser as without pg-safety:
 * <ul>
 * <li>nothing to replace: no placeholder prefix in the text, no byte-order mark, no lone carriage
 *     return;
 * <li>nothing whose end Flyway finds by rules of its own: no dollar quotes, backslashes (escape
 *     strings), nested block comments, or {@code BEGIN} ({@code BEGIN ATOMIC} bodies, transaction
 *     control);
 * <li>each statement read by pg-safety's parser as plain DDL or DML that Flyway's rules let run in
 *     a transaction unless it is a {@code CONCURRENTLY} form (tables, indexes, rows; not
 *     {@code COPY}, functions, {@code ALTER TYPE … ADD VALUE}, {@code VACUUM}, databases).
 * </ul>
 * Each statement is what Flyway would send: from the first comment after the previous statement
 * to the last comment before its semicolon (or, for a last statement without one, the end of the
 * script), at the line and column where its SQL starts.
 * {@code PresplitScriptTest} holds this against Flyway's own parser.
 */
final class PresplitScript {

    private final String source;
    private final List<ParsedStatement> statements;
    /** The comments of the script by where they start. */
    private final Map<Integer, Token> comments;

    private PresplitScript(String source, List<ParsedStatement> statements, Map<Integer, Token> comments) {
        this.source = source;
        this.statements = statements;
        this.comments = comments;
    }

    /** The split of {@code migration}, a forward migration, when Flyway's own cannot differ; null otherwise. */
    static PresplitScript of(Migration migration, String placeholderPrefix) {
        String source = migration.sql();
        ParseResult parse = migration.parse();
        if (migration.firstLine() != 1 || !parse.notes().isEmpty() || !plainText(source, placeholderPrefix)) {
            return null;
        }
        Map<Integer, Token> comments = new HashMap<>();
        for (Token comment : parse.comments()) {
            if (comment.type() == TokenType.BLOCK_COMMENT && comment.text().indexOf("/*", 2) >= 0) {
                return null;
            }
            comments.put(comment.offset(), comment);
        }
        for (ParsedStatement statement : parse.statements()) {
            if (!splitAlike(statement)) {
                return null;
            }
        }
        return new PresplitScript(source, parse.statements(), comments);
    }

    /** The text this split was made from, which the script must still hold when it runs. */
    String source() {
        return source;
    }

    /** The statements, as Flyway's parser makes them. */
    List<SqlStatement> statements() {
        List<SqlStatement> split = new ArrayList<>(statements.size());
        for (ParsedStatement statement : statements) {
            Token first = statement.tokens().get(0);
            int from = statement.leadingComments().isEmpty() ? first.offset()
                    : statement.leadingComments().get(0).offset();
            int to = end(first.offset() + statement.text().length());
            // Never batched: GuardedSqlScriptExecutor runs every statement on its own.
            split.add(new ParsedSqlStatement(first.offset(), first.line(), first.column(), source.substring(from, to),
                    Delimiter.SEMICOLON, !NonTransactional.isConcurrently(statement.statement()), false));
        }
        return split;
    }

    /**
     * Where Flyway ends the statement whose text ends at {@code textEnd}: after the comments
     * between it and its semicolon, or, without one, the script's last comments.
     */
    private int end(int textEnd) {
        int end = textEnd;
        int i = textEnd;
        while (i < source.length() && source.charAt(i) != ';') {
            Token comment = comments.get(i);
            if (comment != null) {
                i = comment.endOffset();
                end = i;
            } else {
                i++;
            }
        }
        return end;
    }

    private static boolean plainText(String source, String placeholderPrefix) {
        if (source.contains(placeholderPrefix)) {
            return false;
        }
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '$' || c == '\\' || c == '\uFEFF'
                    || c == '\r' && (i + 1 == source.length() || source.charAt(i + 1) != '\n')) {
                return false;
            }
        }
        return true;
    }

    private static boolean splitAlike(ParsedStatement parsed) {
        if (parsed.tokens().isEmpty() || !parsed.text().startsWith(parsed.tokens().get(0).text())) {
            return false;
        }
        for (Token token : parsed.tokens()) {
            if (token.is("BEGIN")) {
                return false;
            }
        }
        Statement statement = parsed.statement();
        return statement instanceof Statement.CreateTable || statement instanceof Statement.AlterTable
                || statement instanceof Statement.CreateIndex || statement instanceof Statement.DropIndex
                || statement instanceof Statement.Insert || statement instanceof Statement.Update
                || statement instanceof Statement.Delete || statement instanceof Statement.Truncate
                || statement instanceof Statement.DropObject && !NonTransactional.mustRunOutsideTransaction(statement,
                        Integer.MAX_VALUE);
    }
}
