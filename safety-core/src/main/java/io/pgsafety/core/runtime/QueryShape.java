package io.pgsafety.core.runtime;

/**
 * The shape of a query as other sessions report it: literals (strings in every prefix form,
 * dollar-quoted bodies, numbers) become {@code ?}, comments are dropped and whitespace is
 * collapsed, so that a report naming a blocking session shows what it runs without leaking the
 * data it runs it with. Identifiers, quoted ones included, and {@code $n} parameters are kept.
 * Text cut short (as {@code pg_stat_activity.query} is) is fine: an unterminated literal becomes
 * {@code ?}.
 */
public final class QueryShape {

    private QueryShape() {}

    public static String withoutLiterals(String sql) {
        if (sql == null) {
            return null;
        }
        Scanner s = new Scanner(sql);
        while (s.more()) {
            s.step();
        }
        return s.out.toString().trim();
    }

    private static final class Scanner {
        private final String in;
        private final StringBuilder out = new StringBuilder();
        private int pos;

        Scanner(String in) {
            this.in = in;
        }

        boolean more() {
            return pos < in.length();
        }

        void step() {
            char c = in.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
                space();
            } else if (startsWith("--")) {
                int eol = in.indexOf('\n', pos);
                pos = eol < 0 ? in.length() : eol;
                space();
            } else if (startsWith("/*")) {
                skipBlockComment();
                space();
            } else if (c == '\'') {
                skipString(false);
                out.append('?');
            } else if (c == '"') {
                copyQuotedIdentifier();
            } else if (c == '$') {
                dollar();
            } else if (isDigit(c) || (c == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1)))) {
                skipNumber();
                out.append('?');
            } else if (isIdentifierStart(c)) {
                word();
            } else {
                out.append(c);
                pos++;
            }
        }

        private void space() {
            if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }

        private boolean startsWith(String s) {
            return in.startsWith(s, pos);
        }

        private void skipBlockComment() {
            int depth = 0;
            while (pos < in.length()) {
                if (startsWith("/*")) {
                    depth++;
                    pos += 2;
                } else if (startsWith("*/")) {
                    pos += 2;
                    if (--depth == 0) {
                        return;
                    }
                } else {
                    pos++;
                }
            }
        }

        /** Skips {@code '…'} from the opening quote; {@code backslashEscapes} for E'…' strings. */
        private void skipString(boolean backslashEscapes) {
            pos++;
            while (pos < in.length()) {
                char c = in.charAt(pos++);
                if (backslashEscapes && c == '\\') {
                    pos++;
                } else if (c == '\'') {
                    if (pos < in.length() && in.charAt(pos) == '\'') {
                        pos++;
                    } else {
                        return;
                    }
                }
            }
        }

        private void copyQuotedIdentifier() {
            int start = pos++;
            while (pos < in.length()) {
                if (in.charAt(pos++) == '"') {
                    if (pos < in.length() && in.charAt(pos) == '"') {
                        pos++;
                    } else {
                        break;
                    }
                }
            }
            out.append(in, start, pos);
        }

        private void dollar() {
            int end = pos + 1;
            if (end < in.length() && isDigit(in.charAt(end))) {
                while (end < in.length() && isDigit(in.charAt(end))) {
                    end++;
                }
                out.append(in, pos, end);
                pos = end;
                return;
            }
            while (end < in.length() && isIdentifierPart(in.charAt(end)) && in.charAt(end) != '$') {
                end++;
            }
            if (end < in.length() && in.charAt(end) == '$') {
                String tag = in.substring(pos, end + 1);
                int close = in.indexOf(tag, end + 1);
                pos = close < 0 ? in.length() : close + tag.length();
                out.append('?');
            } else {
                out.append('$');
                pos++;
            }
        }

        private void skipNumber() {
            if (startsWith("0x") || startsWith("0X") || startsWith("0o") || startsWith("0O")
                    || startsWith("0b") || startsWith("0B")) {
                pos += 2;
                while (pos < in.length() && (Character.isLetterOrDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
                    pos++;
                }
                return;
            }
            skipDigits();
            if (pos < in.length() && in.charAt(pos) == '.' && !startsWith("..")) {
                pos++;
                skipDigits();
            }
            if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
                int exponent = pos + 1;
                if (exponent < in.length() && (in.charAt(exponent) == '+' || in.charAt(exponent) == '-')) {
                    exponent++;
                }
                if (exponent < in.length() && isDigit(in.charAt(exponent))) {
                    pos = exponent;
                    skipDigits();
                }
            }
        }

        private void skipDigits() {
            while (pos < in.length() && (isDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
                pos++;
            }
        }

        /** An identifier or keyword, or the prefix of a prefixed string: E'…', B'…', X'…', N'…', U&'…'. */
        private void word() {
            int start = pos;
            while (pos < in.length() && isIdentifierPart(in.charAt(pos))) {
                pos++;
            }
            String word = in.substring(start, pos);
            boolean quoteFollows = pos < in.length() && in.charAt(pos) == '\'';
            if (quoteFollows && word.length() == 1 && "eEbBxXnN".indexOf(word.charAt(0)) >= 0) {
                skipString(word.equalsIgnoreCase("e"));
                out.append('?');
            } else if (word.equalsIgnoreCase("u") && startsWith("&'")) {
                pos++;
                skipString(false);
                out.append('?');
            } else {
                out.append(word);
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isIdentifierStart(char c) {
            return c == '_' || Character.isLetter(c);
        }

        private static boolean isIdentifierPart(char c) {
            return c == '_' || c == '$' || Character.isLetterOrDigit(c);
        }
    }
}
