package io.pgsafety.core.sql.lexer;

import io.pgsafety.core.sql.Span;
import java.util.List;

/**
 * One statement as {@link StatementSplitter} cut it out of a text: {@code tokens} without
 * comments, psql meta-commands and the terminating semicolon; {@code leadingComments} the comment
 * tokens between the end of the previous statement (or the start of the text) and this one;
 * {@code text} the exact source from the first to the last token.
 */
public record RawStatement(List<Token> tokens, List<Token> leadingComments, String text, Span span) {

    public RawStatement {
        tokens = List.copyOf(tokens);
        leadingComments = List.copyOf(leadingComments);
    }
}
