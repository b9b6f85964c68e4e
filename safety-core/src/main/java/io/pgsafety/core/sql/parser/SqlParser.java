package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.LexResult;
import io.pgsafety.core.sql.lexer.LexNote;
import io.pgsafety.core.sql.lexer.Lexer;
import io.pgsafety.core.sql.lexer.RawStatement;
import io.pgsafety.core.sql.lexer.StatementSplitter;
import io.pgsafety.core.sql.lexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the SQL front end: lexes a migration text, splits it into statements and parses
 * each one into the typed model. Never throws: a statement it cannot read becomes
 * {@link Statement.Unparsed} and parsing continues with the next one.
 */
public final class SqlParser {

    private SqlParser() {}

    public static ParseResult parse(String source) {
        if (source == null) {
            source = "";
        }
        LexResult lexed;
        List<RawStatement> raws;
        try {
            lexed = Lexer.lex(source);
            raws = StatementSplitter.split(source, lexed.tokens());
        } catch (RuntimeException e) {
            Span all = new Span(0, source.length(), 1, 1, 1, 1);
            ParsedStatement whole = new ParsedStatement(new Statement.Unparsed("lexer failure: " + e, all), source,
                    List.of(), List.of());
            return new ParseResult(List.of(whole), List.of(new LexNote(0, 1, 1, "lexer failure: " + e)), List.of());
        }
        List<Token> comments = new ArrayList<>();
        for (Token t : lexed.tokens()) {
            if (t.type().isComment()) {
                comments.add(t);
            }
        }
        StatementParser parser = new StatementParser(source, false);
        List<ParsedStatement> statements = new ArrayList<>(raws.size());
        for (RawStatement raw : raws) {
            statements.add(new ParsedStatement(parser.parse(raw.tokens()), raw.text(), raw.tokens(),
                    raw.leadingComments()));
        }
        return new ParseResult(statements, lexed.notes(), comments);
    }
}
