package io.pgsafety.core.report;

import java.io.IOException;
import java.util.Arrays;

/**
 * A small streaming JSON writer, pretty-printed with two-space indents, keys in call order. Hand
 * written because a JSON library would cost CLI start-up time for very little.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Appendable out;
    /** Per open container: how many members it has so far. */
    private int[] counts = new int[8];
    private int depth = -1;
    private boolean afterName;

    JsonWriter(Appendable out) {
        this.out = out;
    }

    JsonWriter beginObject() throws IOException {
        return open('{');
    }

    JsonWriter endObject() throws IOException {
        return close('}');
    }

    JsonWriter beginArray() throws IOException {
        return open('[');
    }

    JsonWriter endArray() throws IOException {
        return close(']');
    }

    JsonWriter name(String name) throws IOException {
        beforeValue();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    JsonWriter value(String value) throws IOException {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) throws IOException {
        beforeValue();
        out.append(Long.toString(value));
        return this;
    }

    JsonWriter value(boolean value) throws IOException {
        beforeValue();
        out.append(value ? "true" : "false");
        return this;
    }

    /** Ends the document with a newline. */
    void finish() throws IOException {
        out.append('\n');
    }

    private JsonWriter open(char bracket) throws IOException {
        beforeValue();
        out.append(bracket);
        if (++depth == counts.length) {
            counts = Arrays.copyOf(counts, depth * 2);
        }
        counts[depth] = 0;
        return this;
    }

    private JsonWriter close(char bracket) throws IOException {
        if (counts[depth--] > 0) {
            newline();
        }
        out.append(bracket);
        return this;
    }

    private void beforeValue() throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth >= 0) {
            if (counts[depth]++ > 0) {
                out.append(',');
            }
            newline();
        }
    }

    private void newline() throws IOException {
        out.append('\n');
        for (int i = 0; i <= depth; i++) {
            out.append("  ");
        }
    }

    /**
     * Writes {@code s} as a JSON string. Besides what JSON requires, escapes U+2028/U+2029 (they
     * end lines in JavaScript) and lone surrogates (they have no UTF-8 encoding).
     */
    private void string(String s) throws IOException {
        out.append('"');
        int run = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String escape = null;
            if (c == '"') {
                escape = "\\\"";
            } else if (c == '\\') {
                escape = "\\\\";
            } else if (c == '\n') {
                escape = "\\n";
            } else if (c == '\r') {
                escape = "\\r";
            } else if (c == '\t') {
                escape = "\\t";
            } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                escape = unicodeEscape(c);
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                escape = unicodeEscape(c);
            } else if (Character.isLowSurrogate(c)) {
                escape = unicodeEscape(c);
            } else {
                continue;
            }
            out.append(s, run, i).append(escape);
            run = i + 1;
        }
        out.append(s, run, n).append('"');
    }

    private static String unicodeEscape(char c) {
        return new String(new char[] {'\\', 'u', HEX[c >> 12], HEX[(c >> 8) & 0xF], HEX[(c >> 4) & 0xF], HEX[c & 0xF]});
    }
}
