package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.lexer.LexNote;
import io.pgsafety.core.sql.lexer.Token;
import java.util.List;

/**
 * Statements of one SQL text in order, the lexer's notes (skipped psql meta-commands,
 * unterminated constructs), and every comment token of the text (for file-wide directives).
 */
public record ParseResult(List<ParsedStatement> statements, List<LexNote> notes, List<Token> comments) {

    public ParseResult {
        statements = List.copyOf(statements);
        notes = List.copyOf(notes);
        comments = List.copyOf(comments);
    }
}
