package io.pgsafety.core.sql.ast;

import io.pgsafety.core.sql.Span;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.List;

/**
 * An expression kept as its tokens (comments removed) and exact source text; rules inspect it
 * token-wise (function calls, literals) rather than through a full expression tree.
 */
public record Expr(String text, List<Token> tokens, Span span) {

    public Expr {
        tokens = List.copyOf(tokens);
    }

    /** True if the expression calls function {@code name} (unqualified match, any case). */
    public boolean calls(String name) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if ((t.type() == TokenType.WORD && t.text().equalsIgnoreCase(name)
                    || t.type() == TokenType.QUOTED_IDENT && t.text().equals('"' + name + '"'))
                    && tokens.get(i + 1).type() == TokenType.LPAREN) {
                return true;
            }
        }
        return false;
    }

    /** True when the expression is exactly the literal {@code NULL}. */
    public boolean isNull() {
        return tokens.size() == 1 && tokens.get(0).is("null");
    }
}
