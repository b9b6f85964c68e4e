package io.pgsafety.core.sql.ast;

import io.pgsafety.core.sql.lexer.Token;
import java.util.List;

/**
 * A statement with its source: {@code text} is the exact text (without the terminating
 * semicolon), {@code leadingComments} the comments between the previous statement and this one
 * (where {@code -- safety:allow} directives live), {@code tokens} its tokens without comments.
 */
public record ParsedStatement(Statement statement, String text, List<Token> tokens, List<Token> leadingComments) {

    public ParsedStatement {
        tokens = List.copyOf(tokens);
        leadingComments = List.copyOf(leadingComments);
    }
}
