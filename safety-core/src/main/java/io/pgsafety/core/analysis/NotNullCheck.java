package io.pgsafety.core.analysis;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the constraint definition (as {@code pg_get_constraintdef} prints it) that lets
 * {@code SET NOT NULL} skip its full-table scan: {@code CHECK ((col IS NOT NULL))}, with any
 * redundant parentheses and either quoting of the column. Anything else (extra conditions,
 * {@code NO INHERIT}, other columns) is not accepted.
 */
final class NotNullCheck {

    private static final Pattern CHECK = Pattern.compile("(?is)\\s*CHECK\\s*(.*?)\\s*");
    private static final Pattern IS_NOT_NULL = Pattern.compile(
            "(?is)(\\(*)\\s*(\"(?:[^\"]|\"\")+\"|[a-z_\\u0080-\\uffff][a-z0-9_$\\u0080-\\uffff]*)\\s*(\\)*)\\s+IS\\s+NOT\\s+NULL");

    private NotNullCheck() {}

    static boolean proves(String constraintDef, String column) {
        if (constraintDef == null || column == null) {
            return false;
        }
        Matcher check = CHECK.matcher(constraintDef);
        if (!check.matches()) {
            return false;
        }
        Matcher m = IS_NOT_NULL.matcher(stripOuterParentheses(check.group(1)));
        return m.matches()
                && m.group(1).length() == m.group(3).length()
                && identifier(m.group(2)).equals(column);
    }

    private static String identifier(String token) {
        if (token.startsWith("\"")) {
            return token.substring(1, token.length() - 1).replace("\"\"", "\"");
        }
        return token.toLowerCase(Locale.ROOT);
    }

    private static String stripOuterParentheses(String expr) {
        String s = expr.trim();
        while (s.startsWith("(") && closingParenthesis(s) == s.length() - 1) {
            s = s.substring(1, s.length() - 1).trim();
        }
        return s;
    }

    /** Index of the parenthesis closing the one at 0, skipping quoted text; -1 if unbalanced. */
    private static int closingParenthesis(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                int end = s.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < s.length() && s.charAt(end + 1) == c) {
                    end = s.indexOf(c, end + 2);
                }
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
