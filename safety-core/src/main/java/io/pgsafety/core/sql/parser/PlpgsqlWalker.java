package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.lexer.LexResult;
import io.pgsafety.core.sql.lexer.Lexer;
import io.pgsafety.core.sql.lexer.RawStatement;
import io.pgsafety.core.sql.lexer.StatementSplitter;
import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the static SQL a PL/pgSQL block runs. The block is re-lexed in place (so every position
 * is a position in the file), its control structure is stepped over, and each statement that
 * is an SQL command — or {@code EXECUTE} of a plain string literal — is parsed like top-level SQL.
 */
final class PlpgsqlWalker {

    /** Leading words of the PL/pgSQL statements that are SQL commands sent to the server. */
    private static final Set<String> SQL_COMMANDS = Set.of(
            "alter", "analyze", "analyse", "call", "cluster", "comment", "commit", "create", "delete", "drop",
            "grant", "import", "insert", "lock", "merge", "reassign", "refresh", "reindex", "reset", "revoke",
            "rollback", "savepoint", "release", "security", "select", "set", "truncate", "update", "vacuum",
            "with", "copy", "values", "table", "notify", "listen", "unlisten", "discard", "load");

    private final String source;
    private final List<ParsedStatement> statements = new ArrayList<>();
    private List<Token> tokens;
    private List<Token> comments;
    private int nextComment;

    PlpgsqlWalker(String source) {
        this.source = source;
    }

    /** The SQL statements of the block whose body is the string token {@code body}. */
    List<ParsedStatement> walk(Token body) {
        LexResult lexed = lexContent(body);
        if (lexed == null) {
            return List.of();
        }
        tokens = new ArrayList<>(lexed.tokens().size());
        comments = new ArrayList<>();
        for (Token t : lexed.tokens()) {
            if (t.type().isComment()) {
                comments.add(t);
            } else if (t.type() != TokenType.PSQL_META) {
                tokens.add(t);
            }
        }
        walkStatements();
        return statements;
    }

    /** Lexes the content of a string literal in place; null when it has no plain content. */
    private LexResult lexContent(Token literal) {
        String text = literal.text();
        int contentStart;
        int contentEnd;
        if (literal.type() == TokenType.DOLLAR_STRING) {
            int tagLength = text.indexOf('$', 1) + 1;
            if (tagLength <= 0 || text.length() < 2 * tagLength) {
                return null;
            }
            contentStart = tagLength;
            contentEnd = text.length() - tagLength;
        } else if (literal.type() == TokenType.STRING && text.startsWith("'")) {
            contentStart = 1;
            contentEnd = text.length() > 1 && text.endsWith("'") ? text.length() - 1 : text.length();
        } else {
            return null;
        }
        if (contentEnd <= contentStart) {
            return null;
        }
        // the opening quote or tag holds no line break, so the content starts on the same line
        return Lexer.lex(source, literal.offset() + contentStart, literal.offset() + contentEnd, literal.line(),
                literal.column() + contentStart);
    }

    private void walkStatements() {
        int i = 0;
        int n = tokens.size();
        while (i < n) {
            Token t = tokens.get(i);
            if (t.type() == TokenType.SEMICOLON) {
                i++;
                continue;
            }
            if (t.type() == TokenType.OPERATOR && t.text().equals("<<")) {
                i = skipLabel(i);
                continue;
            }
            String word = t.type() == TokenType.WORD ? Names.lowerAscii(t.text()) : "";
            switch (word) {
                case "declare" -> i = indexOfWord(i + 1, Set.of("begin"));
                case "begin", "else", "loop", "exception" -> i++;
                case "end" -> i = indexOfSemicolon(i) + 1;
                case "if", "elsif", "elseif", "when" -> i = indexOfWord(i + 1, Set.of("then")) + 1;
                case "while", "for", "foreach" -> i = indexOfWord(i + 1, Set.of("loop")) + 1;
                case "case" -> i = indexOfWord(i + 1, Set.of("when"));
                default -> {
                    int end = indexOfSemicolon(i);
                    simpleStatement(i, end);
                    i = end + 1;
                }
            }
        }
    }

    /** Index after {@code << label >>}. */
    private int skipLabel(int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (t.type() == TokenType.OPERATOR && t.text().equals(">>")) {
                return j + 1;
            }
        }
        return tokens.size();
    }

    /**
     * Index of the first of {@code words} at parenthesis depth 0 and outside nested
     * {@code CASE … END}, from {@code from}; the token count when there is none.
     */
    private int indexOfWord(int from, Set<String> words) {
        int depth = 0;
        int caseDepth = 0;
        for (int j = from; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            switch (t.type()) {
                case LPAREN, LBRACKET -> depth++;
                case RPAREN, RBRACKET -> depth = Math.max(0, depth - 1);
                case WORD -> {
                    if (depth > 0) {
                        break;
                    }
                    String w = Names.lowerAscii(t.text());
                    if (caseDepth == 0 && words.contains(w)) {
                        return j;
                    }
                    if (w.equals("case")) {
                        caseDepth++;
                    } else if (w.equals("end") && caseDepth > 0) {
                        caseDepth--;
                    }
                }
                default -> {
                }
            }
        }
        return tokens.size();
    }

    /** Index of the {@code ;} ending the statement at {@code from}, or the token count. */
    private int indexOfSemicolon(int from) {
        int depth = 0;
        for (int j = from; j < tokens.size(); j++) {
            switch (tokens.get(j).type()) {
                case LPAREN -> depth++;
                case RPAREN -> depth = Math.max(0, depth - 1);
                case SEMICOLON -> {
                    if (depth == 0) {
                        return j;
                    }
                }
                default -> {
                }
            }
        }
        return tokens.size();
    }

    /** A PL/pgSQL statement {@code tokens[from, to)} that is not block structure. */
    private void simpleStatement(int from, int to) {
        if (to <= from) {
            return;
        }
        Token first = tokens.get(from);
        if (first.type() != TokenType.WORD || isAssignment(from, to)) {
            return;
        }
        String word = Names.lowerAscii(first.text());
        if (SQL_COMMANDS.contains(word)) {
            List<Token> statement = tokens.subList(from, to);
            add(new StatementParser(source, true).parse(statement), statement);
        } else if (word.equals("execute") && from + 1 < to) {
            executeLiteral(first, tokens.get(from + 1), from + 2 == to || tokens.get(from + 2).is("into")
                    || tokens.get(from + 2).is("using"));
        }
    }

    /** {@code x := …}, {@code x = …}, {@code x[1] := …}, {@code r.f := …}. */
    private boolean isAssignment(int from, int to) {
        if (from + 1 >= to) {
            return false;
        }
        Token second = tokens.get(from + 1);
        return second.type() == TokenType.COLON || second.type() == TokenType.DOT
                || second.type() == TokenType.LBRACKET
                || second.type() == TokenType.OPERATOR && (second.text().equals("=") || second.text().equals(":="));
    }

    /** {@code EXECUTE 'sql'} with a literal alone: the literal's statements are static SQL. */
    private void executeLiteral(Token execute, Token literal, boolean alone) {
        boolean plain = literal.type() == TokenType.DOLLAR_STRING
                || literal.type() == TokenType.STRING && literal.text().startsWith("'");
        if (!alone || !plain) {
            return;
        }
        LexResult lexed = lexContent(literal);
        if (lexed == null) {
            return;
        }
        StatementParser parser = new StatementParser(source, false);
        List<Token> blockComments = leadingComments(execute);
        for (RawStatement raw : StatementSplitter.split(source, lexed.tokens())) {
            List<Token> leading = new ArrayList<>(blockComments);
            leading.addAll(raw.leadingComments());
            blockComments = List.of();
            statements.add(new ParsedStatement(parser.parse(raw.tokens()), raw.text(), raw.tokens(), leading));
        }
    }

    private void add(Statement statement, List<Token> statementTokens) {
        Token first = statementTokens.get(0);
        Token last = statementTokens.get(statementTokens.size() - 1);
        statements.add(new ParsedStatement(statement, source.substring(first.offset(), last.endOffset()),
                statementTokens, leadingComments(first)));
    }

    /** Comments of the block after the previous statement and before {@code first}. */
    private List<Token> leadingComments(Token first) {
        List<Token> leading = new ArrayList<>();
        while (nextComment < comments.size() && comments.get(nextComment).offset() < first.offset()) {
            leading.add(comments.get(nextComment++));
        }
        return leading;
    }
}
