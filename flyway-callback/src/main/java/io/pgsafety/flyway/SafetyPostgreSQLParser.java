package io.pgsafety.flyway;

import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.sql.parser.SqlParser;
import java.io.IOException;
import java.util.List;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.parser.PeekingReader;
import org.flywaydb.core.internal.parser.Recorder;
import org.flywaydb.core.internal.parser.StatementType;
import org.flywaydb.core.internal.parser.Token;
import org.flywaydb.core.internal.sqlscript.Delimiter;
import org.flywaydb.core.internal.sqlscript.ParsedSqlStatement;
import org.flywaydb.database.postgresql.PostgreSQLParser;

/**
 * Flyway's PostgreSQL parser, which also knows that {@code REINDEX INDEX|TABLE … CONCURRENTLY}
 * and {@code DETACH PARTITION … CONCURRENTLY} cannot run in a transaction (Flyway's own misses
 * them and runs them in one, where they fail with SQLSTATE 25001). The whole statement text is
 * read with pg-safety's parser, so names of any length or quoting do not hide the key word.
 */
final class SafetyPostgreSQLParser extends PostgreSQLParser {

    private static final String CONCURRENTLY = "CONCURRENTLY";

    SafetyPostgreSQLParser(Configuration configuration, ParsingContext parsingContext) {
        super(configuration, parsingContext);
    }

    @Override
    protected ParsedSqlStatement createStatement(PeekingReader reader, Recorder recorder, int statementPos,
            int statementLine, int statementCol, int nonCommentPartPos, int nonCommentPartLine, int nonCommentPartCol,
            StatementType statementType, boolean canExecuteInTransaction, Delimiter delimiter, String sql,
            List<Token> tokens, boolean batchable) throws IOException {
        return super.createStatement(reader, recorder, statementPos, statementLine, statementCol, nonCommentPartPos,
                nonCommentPartLine, nonCommentPartCol, statementType,
                canExecuteInTransaction && !runsConcurrently(sql), delimiter, sql, tokens, batchable);
    }

    private static boolean runsConcurrently(String sql) {
        return containsIgnoreCase(sql, CONCURRENTLY) && SqlParser.parse(sql).statements().stream()
                .anyMatch(parsed -> NonTransactional.isConcurrently(parsed.statement()));
    }

    private static boolean containsIgnoreCase(String text, String word) {
        for (int i = 0, last = text.length() - word.length(); i <= last; i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }
}
