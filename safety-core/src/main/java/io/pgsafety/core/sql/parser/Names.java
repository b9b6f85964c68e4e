package io.pgsafety.core.sql.parser;

import io.pgsafety.core.sql.lexer.Token;
import io.pgsafety.core.sql.lexer.TokenType;

/** Normalisation of identifiers and string literals the way PostgreSQL reads them. */
final class Names {

    private Names() {}

    /**
     * The identifier a token names: unquoted words are lower-cased (ASCII only, as PostgreSQL does
     * for multi-byte encodings), quoted ones kept verbatim with {@code ""} unescaped and
     * {@code U&"…"} escapes decoded with {@code escape}.
     */
    static String identifier(Token token, char escape) {
        String text = token.text();
        if (token.type() != TokenType.QUOTED_IDENT) {
            return lowerAscii(text);
        }
        boolean unicode = text.length() > 2 && (text.charAt(0) == 'U' || text.charAt(0) == 'u') && text.charAt(1) == '&';
        String body = unquote(text, unicode ? 2 : 0, '"');
        return unicode ? decodeUnicodeEscapes(body, escape) : body;
    }

    static String identifier(Token token) {
        return identifier(token, '\\');
    }

    /**
     * The value of a string literal token: {@code 'a''b'} → {@code a'b}, {@code E'…'} with its
     * common backslash escapes, {@code $tag$…$tag$} verbatim; other tokens yield their text.
     */
    static String stringValue(Token token) {
        String text = token.text();
        if (token.type() == TokenType.DOLLAR_STRING) {
            int tagEnd = text.indexOf('$', 1);
            if (tagEnd < 0 || text.length() < 2 * (tagEnd + 1)) {
                return text;
            }
            return text.substring(tagEnd + 1, text.length() - tagEnd - 1);
        }
        if (token.type() != TokenType.STRING) {
            return text;
        }
        int quote = text.indexOf('\'');
        if (quote < 0) {
            return text;
        }
        String prefix = text.substring(0, quote);
        String body = unquote(text, quote, '\'');
        if (prefix.equalsIgnoreCase("E")) {
            return unescapeBackslashes(body);
        }
        if (prefix.equalsIgnoreCase("U&")) {
            return decodeUnicodeEscapes(body, '\\');
        }
        return body;
    }

    /** Content between the quote at {@code start} and the closing one, doubled quotes undoubled. */
    private static String unquote(String text, int start, char quote) {
        int from = start + 1;
        int to = text.length();
        if (to > from && text.charAt(to - 1) == quote) {
            to--;
        }
        if (from > to) {
            return "";
        }
        String body = text.substring(from, to);
        String doubled = new String(new char[] {quote, quote});
        return body.indexOf(doubled) < 0 ? body : body.replace(doubled, String.valueOf(quote));
    }

    static String lowerAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    static String upperAscii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    /** Decodes {@code \XXXX} and {@code \+XXXXXX} escapes; malformed ones are kept as written. */
    private static String decodeUnicodeEscapes(String body, char escape) {
        if (body.indexOf(escape) < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != escape || i + 1 >= body.length()) {
                sb.append(c);
                i++;
                continue;
            }
            if (body.charAt(i + 1) == escape) {
                sb.append(escape);
                i += 2;
                continue;
            }
            boolean plus = body.charAt(i + 1) == '+';
            int digits = plus ? 6 : 4;
            int from = i + (plus ? 2 : 1);
            int codePoint = hex(body, from, digits);
            if (codePoint < 0 || !Character.isValidCodePoint(codePoint)) {
                sb.append(c);
                i++;
                continue;
            }
            sb.appendCodePoint(codePoint);
            i = from + digits;
        }
        return sb.toString();
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + digits; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    private static String unescapeBackslashes(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                sb.append(c);
                continue;
            }
            char n = body.charAt(++i);
            switch (n) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }
}
