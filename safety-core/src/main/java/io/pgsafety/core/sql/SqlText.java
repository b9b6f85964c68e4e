package io.pgsafety.core.sql;

/** Questions about SQL text that need no parser. */
public final class SqlText {

    private SqlText() {}

    /** True when {@code sql} holds anything besides whitespace, comments and semicolons. */
    public static boolean hasStatement(String sql) {
        int i = skip(sql, true);
        // an unterminated block comment runs to the end
        return i < sql.length() && !sql.startsWith("/*", i);
    }

    /**
     * Where the first thing in {@code sql} that is neither whitespace nor a comment starts (an
     * unterminated block comment counts as such a thing); {@code sql.length()} when there is none.
     */
    public static int afterLeadingComments(String sql) {
        return skip(sql, false);
    }

    private static int skip(String sql, boolean semicolons) {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || semicolons && c == ';') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int lineEnd = sql.indexOf('\n', i);
                i = lineEnd < 0 ? sql.length() : lineEnd + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = blockCommentEnd(sql, i);
                if (end < 0) {
                    return i;
                }
                i = end;
            } else {
                return i;
            }
        }
        return i;
    }

    /** The end of the block comment at {@code start} (they nest in PostgreSQL), or -1 when it does not end. */
    private static int blockCommentEnd(String sql, int start) {
        int depth = 0;
        for (int i = start; i + 1 < sql.length(); i++) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i++;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i++;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }
}
