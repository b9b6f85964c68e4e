package io.pgsafety.core.sql.lexer;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties that must hold for any input: no exception, and the tokens tile the input in order,
 * separated only by whitespace, with each token's line and column matching its offset.
 */
class LexerFuzzTest {

    private static final String SOUP_ALPHABET =
            "abcxyzEeUuBbXxNn_019 \t\n\r;:,.()[]{}'\"$\\-+*/<>=~!@#%^&|`?\u00e9\uFEFF";
    private static final List<String> FRAGMENTS = List.of(
            "'", "''", "E'", "\\'", "\"", "$$", "$a$", "$1", "${", "}", "/*", "*/", "--", "\n", "\r\n", "\r",
            "U&'", "U&\"", "B'", "0x", "1e", "..", "begin atomic", "case", "end", ";", "create function f() ",
            "\\gexec\n", "\\set x 1\n", "=-", "@-", " ");

    @Test
    void randomBytesDecodedAsLatin1AndUtf8() {
        Random random = new Random(20240601);
        for (int round = 0; round < 300; round++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            check(new String(bytes, StandardCharsets.ISO_8859_1));
            check(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Test
    void randomPrintableSoup() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                sb.append(SOUP_ALPHABET.charAt(random.nextInt(SOUP_ALPHABET.length())));
            }
            check(sb.toString());
        }
    }

    @Test
    void randomFragmentSoupWithUnterminatedConstructs() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                sb.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
            }
            check(sb.toString());
        }
    }

    @Test
    void corpusFilesTruncatedAndMutated() throws IOException {
        List<Path> files = CorpusFiles.sqlFiles();
        Random random = new Random(1234);
        for (Path file : files) {
            String sql = Files.readString(file, StandardCharsets.ISO_8859_1);
            check(sql.substring(0, random.nextInt(sql.length() + 1)));
            char[] chars = sql.toCharArray();
            for (int i = 0; i < 3 && chars.length > 0; i++) {
                chars[random.nextInt(chars.length)] = SOUP_ALPHABET.charAt(random.nextInt(SOUP_ALPHABET.length()));
            }
            check(new String(chars));
        }
    }

    @Test
    void pathologicalRepetitions() {
        for (String unit : List.of("/*", "$a$", "${", "'", "E'\\", "=+-", "+-", "$", "((", "begin ", "0x_", "..", "\r")) {
            check(unit.repeat(20_000));
        }
    }

    private static void check(String sql) {
        LexResult result;
        try {
            result = Lexer.lex(sql);
            StatementSplitter.split(sql, result.tokens());
        } catch (RuntimeException e) {
            throw new AssertionError("failed on input: " + escape(sql), e);
        }
        assertTiling(sql, result.tokens());
    }

    /** Tokens cover the input in order; gaps are whitespace; line/column agree with offsets. */
    static void assertTiling(String sql, List<Token> tokens) {
        int pos = !sql.isEmpty() && sql.charAt(0) == '\uFEFF' ? 1 : 0;
        int line = 1;
        int lineStart = pos;
        for (Token token : tokens) {
            if (token.offset() < pos) {
                fail("token " + token + " overlaps the previous one in " + escape(sql));
            }
            for (int i = pos; i < token.offset(); i++) {
                char c = sql.charAt(i);
                if (" \t\n\r\f\u000B".indexOf(c) < 0) {
                    fail("non-whitespace " + escape(String.valueOf(c)) + " at " + i + " not covered in " + escape(sql));
                }
            }
            for (int i = pos; i < token.offset(); i++) {
                if (isLineBreak(sql, i)) {
                    line++;
                    lineStart = i + 1;
                }
            }
            if (token.text().isEmpty() || !sql.startsWith(token.text(), token.offset())) {
                fail("token " + token + " does not match the input in " + escape(sql));
            }
            if (token.line() != line || token.column() != token.offset() - lineStart + 1) {
                fail("token " + token + " should be at " + line + ":" + (token.offset() - lineStart + 1)
                        + " in " + escape(sql));
            }
            for (int i = token.offset(); i < token.endOffset(); i++) {
                if (isLineBreak(sql, i)) {
                    line++;
                    lineStart = i + 1;
                }
            }
            pos = token.endOffset();
        }
        for (int i = pos; i < sql.length(); i++) {
            if (" \t\n\r\f\u000B".indexOf(sql.charAt(i)) < 0) {
                fail("trailing input at " + i + " not covered in " + escape(sql));
            }
        }
    }

    private static boolean isLineBreak(String s, int i) {
        char c = s.charAt(i);
        return c == '\n' || (c == '\r' && (i + 1 == s.length() || s.charAt(i + 1) != '\n'));
    }

    private static String escape(String s) {
        String shown = s.length() > 300 ? s.substring(0, 300) + "…" : s;
        StringBuilder sb = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
