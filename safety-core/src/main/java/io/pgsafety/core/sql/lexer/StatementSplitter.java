package io.pgsafety.core.sql.lexer;

import io.pgsafety.core.sql.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a token stream into statements the way psql does: at a {@code ;} outside parentheses and
 * outside the {@code BEGIN ATOMIC … END} body of a SQL-standard function or procedure, and at a
 * psql meta-command that sends the query buffer ({@code \g}, {@code \gexec}, …).
 */
public final class StatementSplitter {

    /** psql meta-commands that execute the query buffer, ending the statement in it. */
    private static final List<String> BUFFER_SENDING_COMMANDS =
            List.of("g", "gx", "gset", "gexec", "gdesc", "watch", "crosstabview");

    private final String source;
    private final List<RawStatement> statements = new ArrayList<>();
    private List<Token> current = new ArrayList<>();
    private List<Token> leadingComments = new ArrayList<>();
    private int parenDepth;
    /** Open BEGIN/CASE blocks inside a BEGIN ATOMIC body; 0 outside one. */
    private int atomicDepth;

    private StatementSplitter(String source) {
        this.source = source;
    }

    /**
     * Splits {@code tokens} (from {@link Lexer#lex} over {@code source}, comments included).
     * Empty statements yield nothing; comments before one stay pending for the next statement.
     * Like psql, an unclosed parenthesis or BEGIN ATOMIC body runs to the end of the input.
     */
    public static List<RawStatement> split(String source, List<Token> tokens) {
        StatementSplitter splitter = new StatementSplitter(source);
        splitter.run(tokens);
        return splitter.statements;
    }

    private void run(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            switch (token.type()) {
                case LINE_COMMENT, BLOCK_COMMENT -> {
                    if (current.isEmpty()) {
                        leadingComments.add(token);
                    }
                }
                case PSQL_META -> {
                    if (sendsQueryBuffer(token)) {
                        finishStatement();
                    }
                }
                case SEMICOLON -> {
                    if (parenDepth == 0 && atomicDepth == 0) {
                        finishStatement();
                    } else {
                        current.add(token);
                    }
                }
                case LPAREN -> {
                    parenDepth++;
                    current.add(token);
                }
                case RPAREN -> {
                    parenDepth = Math.max(parenDepth - 1, 0);
                    current.add(token);
                }
                case WORD -> {
                    trackAtomicBody(token, tokens, i);
                    current.add(token);
                }
                default -> current.add(token);
            }
        }
        finishStatement();
    }

    private void trackAtomicBody(Token word, List<Token> tokens, int index) {
        if (atomicDepth > 0) {
            if (word.is("BEGIN") || word.is("CASE")) {
                atomicDepth++;
            } else if (word.is("END")) {
                atomicDepth--;
            }
        } else if (word.is("BEGIN") && isRoutineDefinition() && nextIsAtomic(tokens, index)) {
            atomicDepth = 1;
        }
    }

    /** CREATE [OR REPLACE] FUNCTION|PROCEDURE at the start of the current statement. */
    private boolean isRoutineDefinition() {
        if (current.size() < 2 || !current.get(0).is("CREATE")) {
            return false;
        }
        int kind = current.get(1).is("OR") && current.size() > 3 && current.get(2).is("REPLACE") ? 3 : 1;
        return current.get(kind).is("FUNCTION") || current.get(kind).is("PROCEDURE");
    }

    private static boolean nextIsAtomic(List<Token> tokens, int index) {
        for (int i = index + 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.type().isComment()) {
                return token.is("ATOMIC");
            }
        }
        return false;
    }

    private static boolean sendsQueryBuffer(Token meta) {
        String text = meta.text();
        int nameEnd = 1;
        while (nameEnd < text.length() && Character.isLetter(text.charAt(nameEnd))) {
            nameEnd++;
        }
        int length = nameEnd - 1;
        for (String command : BUFFER_SENDING_COMMANDS) {
            if (command.length() == length && text.regionMatches(1, command, 0, length)) {
                return true;
            }
        }
        return false;
    }

    private void finishStatement() {
        if (!current.isEmpty()) {
            Token first = current.get(0);
            Token last = current.get(current.size() - 1);
            String text = source.substring(first.offset(), last.endOffset());
            statements.add(new RawStatement(current, leadingComments, text, Span.of(first, last)));
            current = new ArrayList<>();
            leadingComments = new ArrayList<>();
        }
        parenDepth = 0;
        atomicDepth = 0;
    }
}
