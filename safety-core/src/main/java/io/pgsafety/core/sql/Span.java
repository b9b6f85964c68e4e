package io.pgsafety.core.sql;

import io.pgsafety.core.sql.lexer.Token;

/**
 * A source range. Offsets are 0-based char offsets into the migration text ({@code endOffset}
 * exclusive); lines and columns are 1-based, {@code endColumn} inclusive.
 */
public record Span(int offset, int endOffset, int line, int column, int endLine, int endColumn) {

    public static Span of(Token first, Token last) {
        return new Span(first.offset(), last.endOffset(), first.line(), first.column(),
                last.endLine(), last.endColumn());
    }

    public static Span of(Token token) {
        return of(token, token);
    }

    public Span to(Span other) {
        return new Span(offset, other.endOffset, line, column, other.endLine, other.endColumn);
    }
}
