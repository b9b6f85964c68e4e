package io.pgsafety.core.sql.lexer;

/**
 * One lexical token. {@code offset} is the 0-based char offset of its first character in the
 * source string; {@code line} and {@code column} are 1-based (column counts chars, tab = 1).
 */
public record Token(TokenType type, String text, int offset, int line, int column) {

    public int endOffset() {
        return offset + text.length();
    }

    /** True for an unquoted word equal to {@code keyword}, ignoring case. */
    public boolean is(String keyword) {
        return type == TokenType.WORD && text.equalsIgnoreCase(keyword);
    }

    public boolean is(TokenType t) {
        return type == t;
    }

    /** Line of the last character of this token (CR LF, LF and a lone CR each break a line). */
    public int endLine() {
        if (isSingleLine()) {
            return line;
        }
        int l = line;
        for (int i = 0; i < text.length(); i++) {
            if (isLineBreak(i)) {
                l++;
            }
        }
        return l;
    }

    /** 1-based column of the last character of this token (inclusive). */
    public int endColumn() {
        if (isSingleLine()) {
            return column + Math.max(text.length(), 1) - 1;
        }
        for (int i = text.length() - 1; i >= 0; i--) {
            if (isLineBreak(i)) {
                return Math.max(text.length() - i - 1, 1);
            }
        }
        return column + Math.max(text.length(), 1) - 1;
    }

    /** Most tokens: no line break inside, so their end needs no scan. */
    private boolean isSingleLine() {
        return text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
    }

    /** True if a line break ends at {@code i}: an LF, or a CR not followed by LF. */
    private boolean isLineBreak(int i) {
        char c = text.charAt(i);
        return c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
    }
}
