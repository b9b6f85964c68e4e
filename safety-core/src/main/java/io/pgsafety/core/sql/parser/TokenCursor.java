package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.ast.Expr;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A position in the comment-free tokens of one statement, with the look-ahead and consumption
 * helpers the statement parsers share. Failures are {@link ParseException}s at the current token.
 */
final class TokenCursor {

    private final String source;
    private final List<Token> tokens;
    private int pos;

    TokenCursor(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    String source() {
        return source;
    }

    List<Token> tokens() {
        return tokens;
    }

    int position() {
        return pos;
    }

    void seek(int position) {
        pos = position;
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    Token peek() {
        return peek(0);
    }

    Token peek(int ahead) {
        int i = pos + ahead;
        return i < tokens.size() ? tokens.get(i) : null;
    }

    Token next() {
        if (atEnd()) {
            throw error("unexpected end of statement");
        }
        return tokens.get(pos++);
    }

    Token previous() {
        return tokens.get(pos - 1);
    }

    boolean is(String keyword) {
        return isAt(0, keyword);
    }

    boolean isAt(int ahead, String keyword) {
        Token t = peek(ahead);
        return t != null && t.is(keyword);
    }

    boolean is(TokenType type) {
        return isAt(0, type);
    }

    boolean isAt(int ahead, TokenType type) {
        Token t = peek(ahead);
        return t != null && t.type() == type;
    }

    /** True when the next tokens are the given key words, in order. */
    boolean isSequence(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            if (!isAt(i, keywords[i])) {
                return false;
            }
        }
        return true;
    }

    boolean isOperator(String op) {
        Token t = peek();
        return t != null && t.type() == TokenType.OPERATOR && t.text().equals(op);
    }

    /** True when the next token is a word in {@code keywords} (lower case). */
    boolean isAnyOf(Set<String> keywords) {
        Token t = peek();
        return t != null && t.type() == TokenType.WORD && keywords.contains(Names.lowerAscii(t.text()));
    }

    boolean accept(String keyword) {
        if (is(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Consumes the key words if all of them come next, in order; otherwise consumes nothing. */
    boolean accept(String... keywords) {
        if (isSequence(keywords)) {
            pos += keywords.length;
            return true;
        }
        return false;
    }

    boolean accept(TokenType type) {
        if (is(type)) {
            pos++;
            return true;
        }
        return false;
    }

    boolean acceptOperator(String op) {
        if (isOperator(op)) {
            pos++;
            return true;
        }
        return false;
    }

    Token expect(String keyword) {
        if (!is(keyword)) {
            throw error("expected " + Names.upperAscii(keyword));
        }
        return tokens.get(pos++);
    }

    Token expect(TokenType type) {
        if (!is(type)) {
            throw error("expected " + describe(type));
        }
        return tokens.get(pos++);
    }

    void expectEnd() {
        if (!atEnd()) {
            throw error("unexpected '" + peek().text() + "'");
        }
    }

    /** The lower-cased word at the cursor, or null when the next token is not a plain word. */
    String word() {
        return wordAt(0);
    }

    String wordAt(int ahead) {
        Token t = peek(ahead);
        return t != null && t.type() == TokenType.WORD ? Names.lowerAscii(t.text()) : null;
    }

    boolean isIdentifier() {
        Token t = peek();
        return t != null && (t.type() == TokenType.WORD || t.type() == TokenType.QUOTED_IDENT);
    }

    /** An identifier, normalised; {@code U&"…" UESCAPE 'c'} is honoured. */
    String identifier() {
        if (!isIdentifier()) {
            throw error(atEnd() ? "expected a name, found end of statement" : "expected a name");
        }
        Token t = tokens.get(pos++);
        char escape = '\\';
        if (t.type() == TokenType.QUOTED_IDENT && is("uescape") && isAt(1, TokenType.STRING)) {
            String value = Names.stringValue(peek(1));
            if (value.length() == 1) {
                escape = value.charAt(0);
            }
            pos += 2;
        }
        return Names.identifier(t, escape);
    }

    /** {@code name}, {@code schema.name} or {@code catalog.schema.name} (catalog dropped). */
    QualifiedName qualifiedName() {
        int start = pos;
        List<String> parts = new ArrayList<>(3);
        parts.add(identifier());
        while (is(TokenType.DOT) && (isAt(1, TokenType.WORD) || isAt(1, TokenType.QUOTED_IDENT))) {
            pos++;
            parts.add(identifier());
        }
        Span span = span(start);
        int n = parts.size();
        return new QualifiedName(n == 1 ? null : parts.get(n - 2), parts.get(n - 1), span);
    }

    /** {@code name, name, …}. */
    List<QualifiedName> qualifiedNameList() {
        List<QualifiedName> names = new ArrayList<>();
        do {
            names.add(qualifiedName());
        } while (accept(TokenType.COMMA));
        return names;
    }

    /**
     * Skips a parenthesised (or bracketed) group starting at the cursor, nested groups included;
     * returns the index of its closing token.
     */
    int skipGroup() {
        Token open = peek();
        if (open == null || (open.type() != TokenType.LPAREN && open.type() != TokenType.LBRACKET)) {
            throw error("expected '('");
        }
        int depth = 0;
        for (int i = pos; i < tokens.size(); i++) {
            TokenType type = tokens.get(i).type();
            if (type == TokenType.LPAREN || type == TokenType.LBRACKET) {
                depth++;
            } else if (type == TokenType.RPAREN || type == TokenType.RBRACKET) {
                depth--;
                if (depth == 0) {
                    pos = i + 1;
                    return i;
                }
            }
        }
        throw new ParseException("unbalanced parentheses", Span.of(open));
    }

    /**
     * Advances to the next top-level comma or the end (or an unmatched closing parenthesis),
     * stepping over nested groups.
     */
    void skipToComma() {
        while (!atEnd()) {
            TokenType type = peek().type();
            if (type == TokenType.COMMA || type == TokenType.RPAREN || type == TokenType.RBRACKET) {
                return;
            }
            if (type == TokenType.LPAREN || type == TokenType.LBRACKET) {
                skipGroup();
            } else {
                pos++;
            }
        }
    }

    /** Index of the first top-level word {@code keyword} at or after the cursor, or -1. */
    int findTopLevel(String keyword) {
        int depth = 0;
        for (int i = pos; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.type()) {
                case LPAREN, LBRACKET -> depth++;
                case RPAREN, RBRACKET -> {
                    if (--depth < 0) {
                        return -1;
                    }
                }
                default -> {
                    if (depth == 0 && t.is(keyword)) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /**
     * An expression from the cursor up to (not including) a top-level comma, an unmatched closing
     * parenthesis, the end, or — after its first token — a word in {@code stopWords} outside any
     * {@code CASE … END}.
     */
    Expr expression(Set<String> stopWords) {
        int start = pos;
        int depth = 0;
        int caseDepth = 0;
        while (!atEnd()) {
            Token t = peek();
            TokenType type = t.type();
            if (type == TokenType.LPAREN || type == TokenType.LBRACKET) {
                depth++;
            } else if (type == TokenType.RPAREN || type == TokenType.RBRACKET) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && type == TokenType.COMMA) {
                break;
            } else if (depth == 0 && type == TokenType.WORD) {
                String w = Names.lowerAscii(t.text());
                if (w.equals("case")) {
                    caseDepth++;
                } else if (w.equals("end") && caseDepth > 0) {
                    caseDepth--;
                } else if (caseDepth == 0 && pos > start && stopWords.contains(w)) {
                    break;
                }
            }
            pos++;
        }
        if (pos == start) {
            throw error("expected an expression");
        }
        return expr(start, pos);
    }

    /** {@code ( … )}: the expression inside the parentheses. */
    Expr parenthesizedExpression() {
        int open = pos;
        if (!is(TokenType.LPAREN)) {
            throw error("expected '('");
        }
        int close = skipGroup();
        if (close == open + 1) {
            throw new ParseException("empty parentheses", Span.of(tokens.get(open)));
        }
        return expr(open + 1, close);
    }

    Expr expr(int from, int to) {
        Token first = tokens.get(from);
        Token last = tokens.get(to - 1);
        return new Expr(source.substring(first.offset(), last.endOffset()), tokens.subList(from, to),
                Span.of(first, last));
    }

    /** Span from token {@code from} to the last consumed token. */
    Span span(int from) {
        return Span.of(tokens.get(from), tokens.get(Math.max(from, pos - 1)));
    }

    Span span(int from, int toExclusive) {
        return Span.of(tokens.get(from), tokens.get(Math.max(from, toExclusive - 1)));
    }

    /** Exact source text of tokens {@code from} (inclusive) to {@code to} (exclusive); "" if empty. */
    String text(int from, int to) {
        if (to <= from) {
            return "";
        }
        return source.substring(tokens.get(from).offset(), tokens.get(to - 1).endOffset());
    }

    ParseException error(String message) {
        Token at = peek();
        if (at == null) {
            at = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        }
        return new ParseException(message, at == null ? new Span(0, 0, 1, 1, 1, 1) : Span.of(at));
    }

    private static String describe(TokenType type) {
        return switch (type) {
            case LPAREN -> "'('";
            case RPAREN -> "')'";
            case COMMA -> "','";
            case STRING -> "a string";
            case NUMBER -> "a number";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
