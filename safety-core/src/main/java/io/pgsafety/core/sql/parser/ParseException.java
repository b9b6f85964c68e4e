package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.Span;

/** A statement the parser cannot read; caught per statement and turned into {@code Unparsed}. */
final class ParseException extends RuntimeException {

    private final transient Span span;

    ParseException(String message, Span span) {
        super(message, null, false, false);
        this.span = span;
    }

    Span span() {
        return span;
    }
}
