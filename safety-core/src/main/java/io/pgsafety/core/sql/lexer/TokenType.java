package io.pgsafety.core.sql.lexer;

/** Lexical classes of PostgreSQL's SQL grammar (plus psql meta-commands and Flyway placeholders). */
public enum TokenType {
    /** Unquoted identifier or key word; compare with {@link Token#is(String)}. */
    WORD,
    /** {@code "…"} or {@code U&"…"} identifier. */
    QUOTED_IDENT,
    /** {@code '…'}, {@code E'…'}, {@code U&'…'}, {@code N'…'}. */
    STRING,
    /** {@code B'…'} or {@code X'…'}. */
    BIT_STRING,
    /** {@code $tag$…$tag$}. */
    DOLLAR_STRING,
    NUMBER,
    /** Positional parameter {@code $1}. */
    PARAM,
    /** Flyway/Liquibase placeholder {@code ${name}} left in raw script text. */
    PLACEHOLDER,
    OPERATOR,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    SEMICOLON,
    DOT,
    COLON,
    /** {@code ::} cast. */
    DOUBLE_COLON,
    LINE_COMMENT,
    BLOCK_COMMENT,
    /** A psql back-slash command, to the end of its line. */
    PSQL_META;

    public boolean isComment() {
        return this == LINE_COMMENT || this == BLOCK_COMMENT;
    }
}
