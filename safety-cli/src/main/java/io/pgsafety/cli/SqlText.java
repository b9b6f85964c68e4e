package io.pgsafety.cli;

/** Questions about SQL text that need no parser. */
final class SqlText {

    private SqlText() {}

    /** True when {@code sql} holds anything besides whitespace, comments and semicolons. */
    static boolean hasStatement(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (sql.startsWith("--", i)) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (sql.startsWith("/*", i)) {
                i = endOfBlockComment(sql, i);
            } else {
                return true;
            }
        }
        return false;
    }

    /** Index after the block comment starting at {@code start}; PostgreSQL block comments nest. */
    private static int endOfBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }
}
