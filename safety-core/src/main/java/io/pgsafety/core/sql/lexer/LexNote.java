package io.pgsafety.core.sql.lexer;

/** Something the lexer skipped or could not close (psql meta-command, unterminated quote, …). */
public record LexNote(int offset, int line, int column, String message) {}
