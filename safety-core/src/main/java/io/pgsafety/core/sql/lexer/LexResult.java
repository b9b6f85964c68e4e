package io.pgsafety.core.sql.lexer;

import java.util.List;

/**
 * Output of {@link Lexer}: every token in source order (comments and psql meta-commands
 * included) and the notes about input the lexer skipped or could not close.
 */
public record LexResult(List<Token> tokens, List<LexNote> notes) {

    public LexResult {
        tokens = List.copyOf(tokens);
        notes = List.copyOf(notes);
    }
}
