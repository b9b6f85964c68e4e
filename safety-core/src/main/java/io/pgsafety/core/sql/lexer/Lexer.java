package io.pgsafety.core.sql.lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's lexical grammar (the "Lexical Structure" chapter of its manual) as one linear pass
 * over the characters, plus psql back-slash commands and Flyway/Liquibase {@code ${placeholders}}.
 *
 * <p>Never throws on any input: unterminated quotes and comments run to the end of the input and
 * leave a {@link LexNote}; a character that fits nothing becomes a one-character
 * {@link TokenType#OPERATOR}. Whitespace is the only input not covered by a token.
 */
public final class Lexer {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int NOTE_TEXT_LIMIT = 80;
    /** Shared texts of one-character ASCII tokens (punctuation is a third of all tokens). */
    private static final String[] ONE_CHAR_TEXTS = new String[128];

    static {
        for (char c = 0; c < ONE_CHAR_TEXTS.length; c++) {
            ONE_CHAR_TEXTS[c] = String.valueOf(c).intern();
        }
    }

    private final String source;
    /** The lexed range as an array: indexing it is cheaper than String.charAt on UTF-16 text. */
    private final char[] chars;
    private final int base;
    private final int end;
    private final List<Token> tokens;
    private final List<LexNote> notes = new ArrayList<>();
    private int pos;
    private int line;
    /** Offset that column 1 of the current line has; before {@code from} on the first line. */
    private int lineStart;
    /** Start of the token being lexed, for its {@link Token} and any {@link LexNote}. */
    private int tokenStart;
    private int tokenLine;
    private int tokenColumn;

    private Lexer(String source, int from, int to, int line, int column) {
        this.source = source;
        this.chars = new char[to - from];
        source.getChars(from, to, chars, 0);
        this.base = from;
        this.end = to;
        this.pos = from;
        this.line = line;
        this.lineStart = from - (column - 1);
        this.tokens = new ArrayList<>(Math.max(16, (to - from) / 6));
    }

    /** Lexes a whole text; a byte-order mark at its start is skipped. */
    public static LexResult lex(String source) {
        int from = !source.isEmpty() && source.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
        return lex(source, from, source.length(), 1, 1);
    }

    /**
     * Lexes {@code source[from, to)} whose first character sits at the given 1-based line and
     * column; token offsets stay absolute in {@code source}.
     */
    public static LexResult lex(String source, int from, int to, int line, int column) {
        if (from < 0 || to > source.length() || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + source.length());
        }
        Lexer lexer = new Lexer(source, from, to, line, column);
        lexer.run();
        return new LexResult(lexer.tokens, lexer.notes);
    }

    private void run() {
        while (true) {
            skipWhitespace();
            if (pos >= end) {
                return;
            }
            lexToken();
        }
    }

    private void skipWhitespace() {
        while (pos < end) {
            char c = at(pos);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\u000B') {
                pos++;
            } else if (c == '\n' || c == '\r') {
                lineBreakAt(pos);
                pos++;
            } else {
                return;
            }
        }
    }

    private void lexToken() {
        tokenStart = pos;
        tokenLine = line;
        tokenColumn = pos - lineStart + 1;
        char c = at(pos);
        char next = charAt(pos + 1);
        TokenType type;
        switch (c) {
            case '(' -> type = single(TokenType.LPAREN);
            case ')' -> type = single(TokenType.RPAREN);
            case '[' -> type = single(TokenType.LBRACKET);
            case ']' -> type = single(TokenType.RBRACKET);
            case ',' -> type = single(TokenType.COMMA);
            case ';' -> type = single(TokenType.SEMICOLON);
            case ':' -> {
                if (next == ':') {
                    pos += 2;
                    type = TokenType.DOUBLE_COLON;
                } else {
                    type = single(TokenType.COLON);
                }
            }
            case '.' -> {
                if (next == '.') {
                    // PostgreSQL's ".." (FOR i IN 1..2): two dots, never a dot and a ".2" number.
                    pos += 1;
                    emit(TokenType.DOT, tokenStart, tokenLine, tokenColumn);
                    pos += 1;
                    emit(TokenType.DOT, tokenStart + 1, tokenLine, tokenColumn + 1);
                    return;
                }
                type = isDigit(next) ? number() : single(TokenType.DOT);
            }
            case '\'' -> type = quoted(TokenType.STRING, '\'', false, "quoted string");
            case '"' -> type = quoted(TokenType.QUOTED_IDENT, '"', false, "quoted identifier");
            case '$' -> type = dollar();
            case '\\' -> type = psqlMeta();
            default -> {
                if (c == '-' && next == '-') {
                    type = lineComment();
                } else if (c == '/' && next == '*') {
                    type = blockComment();
                } else if (isDigit(c)) {
                    type = number();
                } else if (isIdentStart(c)) {
                    type = wordOrPrefixedString(c, next);
                } else if (isOperatorChar(c)) {
                    operator();
                    return;
                } else {
                    type = single(TokenType.OPERATOR);
                }
            }
        }
        emit(type, tokenStart, tokenLine, tokenColumn);
    }

    private void emit(TokenType type, int start, int startLine, int startColumn) {
        char first = at(start);
        String text = pos - start == 1 && first < ONE_CHAR_TEXTS.length ? ONE_CHAR_TEXTS[first] : source.substring(start, pos);
        tokens.add(new Token(type, text, start, startLine, startColumn));
    }

    private TokenType single(TokenType type) {
        pos++;
        return type;
    }

    private TokenType wordOrPrefixedString(char c, char next) {
        if (next == '\'') {
            switch (c) {
                case 'e', 'E' -> {
                    pos++;
                    return quoted(TokenType.STRING, '\'', true, "quoted string");
                }
                case 'n', 'N' -> {
                    pos++;
                    return quoted(TokenType.STRING, '\'', false, "quoted string");
                }
                case 'b', 'B', 'x', 'X' -> {
                    pos++;
                    return quoted(TokenType.BIT_STRING, '\'', false, "bit string");
                }
                default -> {
                }
            }
        }
        if ((c == 'u' || c == 'U') && next == '&') {
            char quote = charAt(pos + 2);
            if (quote == '\'') {
                pos += 2;
                return quoted(TokenType.STRING, '\'', false, "quoted string");
            }
            if (quote == '"') {
                pos += 2;
                return quoted(TokenType.QUOTED_IDENT, '"', false, "quoted identifier");
            }
        }
        pos++;
        while (pos < end && isIdentPart(at(pos))) {
            pos++;
        }
        return TokenType.WORD;
    }

    /**
     * A quote-delimited token whose opening quote is at {@code pos}; a doubled quote stands for
     * itself, and with {@code backslashEscapes} (E'…') a back-slash escapes the next character.
     */
    private TokenType quoted(TokenType type, char quote, boolean backslashEscapes, String what) {
        int i = pos + 1;
        while (i < end) {
            char c = at(i);
            if (c == quote) {
                if (i + 1 < end && at(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                pos = i + 1;
                return type;
            }
            if (c == '\\' && backslashEscapes && i + 1 < end) {
                i++;
                c = at(i);
            }
            if (c == '\n' || c == '\r') {
                lineBreakAt(i);
            }
            i++;
        }
        return unterminated(type, what);
    }

    private TokenType unterminated(TokenType type, String what) {
        pos = end;
        note("unterminated " + what + " starting at line " + tokenLine);
        return type;
    }

    private TokenType lineComment() {
        int i = pos + 2;
        while (i < end) {
            char c = at(i);
            if (c == '\n' || c == '\r') {
                break;
            }
            i++;
        }
        pos = i;
        return TokenType.LINE_COMMENT;
    }

    private TokenType blockComment() {
        int depth = 1;
        int i = pos + 2;
        while (i < end) {
            char c = at(i);
            if (c == '*' && i + 1 < end && at(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    pos = i;
                    return TokenType.BLOCK_COMMENT;
                }
                continue;
            }
            if (c == '/' && i + 1 < end && at(i + 1) == '*') {
                depth++;
                i += 2;
                continue;
            }
            if (c == '\n' || c == '\r') {
                lineBreakAt(i);
            }
            i++;
        }
        return unterminated(TokenType.BLOCK_COMMENT, "block comment");
    }

    /** {@code $1}, {@code ${name}}, {@code $tag$…$tag$}, or a lone {@code $}. */
    private TokenType dollar() {
        char next = charAt(pos + 1);
        if (isDigit(next)) {
            pos += 2;
            while (pos < end && isDigit(at(pos))) {
                pos++;
            }
            return TokenType.PARAM;
        }
        if (next == '{') {
            int close = placeholderEnd(pos + 2);
            if (close >= 0) {
                pos = close + 1;
                return TokenType.PLACEHOLDER;
            }
            return single(TokenType.OPERATOR);
        }
        int tagEnd = pos + 1;
        if (isIdentStart(next)) {
            tagEnd++;
            while (tagEnd < end && isIdentPart(at(tagEnd)) && at(tagEnd) != '$') {
                tagEnd++;
            }
        }
        if (charAt(tagEnd) != '$') {
            return single(TokenType.OPERATOR);
        }
        String delimiter = source.substring(pos, tagEnd + 1);
        int close = source.indexOf(delimiter, tagEnd + 1);
        if (close < 0 || close + delimiter.length() > end) {
            trackLineBreaks(tagEnd + 1, end);
            return unterminated(TokenType.DOLLAR_STRING, "dollar-quoted string " + abbreviate(delimiter));
        }
        trackLineBreaks(tagEnd + 1, close);
        pos = close + delimiter.length();
        return TokenType.DOLLAR_STRING;
    }

    /** Offset of the {@code }} closing a placeholder name starting at {@code from}, or -1. */
    private int placeholderEnd(int from) {
        for (int i = from; i < end; i++) {
            char c = at(i);
            if (c == '}') {
                return i > from ? i : -1;
            }
            if (!(isIdentPart(c) && c != '$' || c == '.' || c == ':' || c == '-')) {
                return -1;
            }
        }
        return -1;
    }

    private TokenType psqlMeta() {
        int i = pos + 1;
        while (i < end) {
            char c = at(i);
            if (c == '\n' || c == '\r') {
                break;
            }
            i++;
        }
        note("skipped psql meta-command " + abbreviate(source.substring(pos, i).strip()));
        pos = i;
        return TokenType.PSQL_META;
    }

    /**
     * PostgreSQL numeric constants: decimal with optional fraction and exponent, {@code .5},
     * {@code 0x}/{@code 0o}/{@code 0b} integers, and {@code _} between digits.
     */
    private TokenType number() {
        char c = at(pos);
        if (c == '0') {
            char radix = charAt(pos + 1);
            int digitsEnd = -1;
            if (radix == 'x' || radix == 'X') {
                digitsEnd = radixDigits(pos + 2, 16);
            } else if (radix == 'o' || radix == 'O') {
                digitsEnd = radixDigits(pos + 2, 8);
            } else if (radix == 'b' || radix == 'B') {
                digitsEnd = radixDigits(pos + 2, 2);
            }
            if (digitsEnd > pos + 2) {
                pos = digitsEnd;
                return TokenType.NUMBER;
            }
        }
        if (c != '.') {
            pos = radixDigits(pos, 10);
        }
        // "1..2" is an integer followed by "..", as in PL/pgSQL's FOR i IN 1..2.
        if (charAt(pos) == '.' && charAt(pos + 1) != '.') {
            pos = isDigit(charAt(pos + 1)) ? radixDigits(pos + 1, 10) : pos + 1;
        }
        char e = charAt(pos);
        if (e == 'e' || e == 'E') {
            int i = pos + 1;
            char sign = charAt(i);
            if (sign == '+' || sign == '-') {
                i++;
            }
            if (isDigit(charAt(i))) {
                pos = radixDigits(i, 10);
            }
        }
        return TokenType.NUMBER;
    }

    /**
     * End of a run of digits of {@code radix} from {@code from}, allowing {@code _} between digits
     * (and right after a {@code 0x}/{@code 0o}/{@code 0b} prefix).
     */
    private int radixDigits(int from, int radix) {
        int i = from;
        while (i < end) {
            char c = at(i);
            if (isRadixDigit(c, radix)) {
                i++;
            } else if (c == '_' && (i > from || radix != 10) && isRadixDigit(charAt(i + 1), radix)) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * An operator is the longest run of operator characters, cut before a {@code --} or
     * {@code /*}; a multi-character operator ending in {@code +} or {@code -} loses those unless it
     * contains one of {@code ~ ! @ # % ^ & | ` ?} (so {@code a=-1} is {@code =} then {@code -}).
     * The characters cut off that way are all {@code +}/{@code -} and become one-character
     * operators here rather than by rescanning the run.
     */
    private void operator() {
        int start = pos;
        int startColumn = tokenColumn;
        int i = pos + 1;
        while (i < end) {
            char c = at(i);
            if (!isOperatorChar(c)) {
                break;
            }
            char n = charAt(i + 1);
            if ((c == '-' && n == '-') || (c == '/' && n == '*')) {
                break;
            }
            i++;
        }
        int runEnd = i;
        int opEnd = runEnd;
        if (opEnd - start > 1 && isPlusMinus(at(opEnd - 1)) && !containsQualifyingChar(start, opEnd - 1)) {
            do {
                opEnd--;
            } while (opEnd - start > 1 && isPlusMinus(at(opEnd - 1)));
        }
        pos = opEnd;
        emit(TokenType.OPERATOR, start, line, startColumn);
        while (pos < runEnd) {
            int single = pos;
            pos++;
            emit(TokenType.OPERATOR, single, line, single - lineStart + 1);
        }
    }

    private boolean containsQualifyingChar(int from, int to) {
        for (int i = from; i < to; i++) {
            switch (at(i)) {
                case '~', '!', '@', '#', '^', '&', '|', '`', '?', '%' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    private void trackLineBreaks(int from, int to) {
        for (int i = from; i < to; i++) {
            char c = at(i);
            if (c == '\n' || c == '\r') {
                lineBreakAt(i);
            }
        }
    }

    /** Counts the line break at {@code i}; CR LF counts once, at its LF. */
    private void lineBreakAt(int i) {
        if (at(i) == '\r' && i + 1 < end && at(i + 1) == '\n') {
            return;
        }
        line++;
        lineStart = i + 1;
    }

    private void note(String message) {
        notes.add(new LexNote(tokenStart, tokenLine, tokenColumn, message));
    }

    private static String abbreviate(String text) {
        return text.length() <= NOTE_TEXT_LIMIT ? text : text.substring(0, NOTE_TEXT_LIMIT) + "…";
    }

    private char charAt(int i) {
        return i < end ? chars[i - base] : '\0';
    }

    private char at(int i) {
        return chars[i - base];
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isRadixDigit(char c, int radix) {
        if (radix == 16) {
            return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        return c >= '0' && c < '0' + radix;
    }

    private static boolean isPlusMinus(char c) {
        return c == '+' || c == '-';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isOperatorChar(char c) {
        return switch (c) {
            case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?' -> true;
            default -> false;
        };
    }
}
