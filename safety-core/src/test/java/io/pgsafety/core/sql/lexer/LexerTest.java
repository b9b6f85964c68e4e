package io.pgsafety.core.sql.lexer;

import static io.pgsafety.core.sql.lexer.TokenType.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LexerTest {

    /** Tokens as "TYPE text" for compact assertions. */
    private static List<String> types(String sql) {
        return Lexer.lex(sql).tokens().stream()
                .map(t -> t.type() + " " + t.text())
                .collect(Collectors.toList());
    }

    private static List<String> positions(String sql) {
        return Lexer.lex(sql).tokens().stream()
                .map(t -> t.text() + "@" + t.line() + ":" + t.column())
                .collect(Collectors.toList());
    }

    private static Token only(String sql) {
        List<Token> tokens = Lexer.lex(sql).tokens();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    @Test
    void wordsPunctuationAndPositions() {
        assertThat(types("SELECT a.b, c::int FROM t[1]:x;")).containsExactly(
                "WORD SELECT", "WORD a", "DOT .", "WORD b", "COMMA ,", "WORD c", "DOUBLE_COLON ::",
                "WORD int", "WORD FROM", "WORD t", "LBRACKET [", "NUMBER 1", "RBRACKET ]", "COLON :",
                "WORD x", "SEMICOLON ;");
        assertThat(positions("select 1\n  from\tt")).containsExactly("select@1:1", "1@1:8", "from@2:3", "t@2:8");
    }

    @Test
    void lineBreaksCrLfAndLoneCrCountOnce() {
        assertThat(positions("a\r\nb\rc\n\r\nd")).containsExactly("a@1:1", "b@2:1", "c@3:1", "d@5:1");
        assertThat(positions("'x\r\ny' z")).containsExactly("'x\r\ny'@1:1", "z@2:4");
        assertThat(positions("/*\r*/ z")).containsExactly("/*\r*/@1:1", "z@2:4");
    }

    @Test
    void byteOrderMarkAtStartIsSkipped() {
        Token t = only("\uFEFFselect");
        assertThat(t.text()).isEqualTo("select");
        assertThat(t.offset()).isEqualTo(1);
        assertThat(t.column()).isEqualTo(1);
    }

    @Test
    void dollarInsideIdentifierBelongsToWord() {
        assertThat(types("foo$bar $x")).containsExactly("WORD foo$bar", "OPERATOR $", "WORD x");
        assertThat(types("a$$b")).containsExactly("WORD a$$b");
    }

    @Test
    void lineComments() {
        assertThat(types("a -- c ; 'x\nb --\n--")).containsExactly(
                "WORD a", "LINE_COMMENT -- c ; 'x", "WORD b", "LINE_COMMENT --", "LINE_COMMENT --");
        assertThat(types("a--b\r\nc")).containsExactly("WORD a", "LINE_COMMENT --b", "WORD c");
    }

    @Test
    void nestedBlockComments() {
        assertThat(types("a /* x /* y */ ; */ b")).containsExactly(
                "WORD a", "BLOCK_COMMENT /* x /* y */ ; */", "WORD b");
        assertThat(types("/**/x/*/ still */y")).containsExactly(
                "BLOCK_COMMENT /**/", "WORD x", "BLOCK_COMMENT /*/ still */", "WORD y");
        assertThat(positions("/* a\n b */ c")).containsExactly("/* a\n b */@1:1", "c@2:7");
    }

    @Test
    void standardStrings() {
        assertThat(types("'it''s' 'a\\' 'b'")).containsExactly("STRING 'it''s'", "STRING 'a\\'", "STRING 'b'");
        assertThat(types("''''")).containsExactly("STRING ''''");
        assertThat(types("'a'\n'b'")).containsExactly("STRING 'a'", "STRING 'b'");
    }

    @Test
    void escapeStrings() {
        assertThat(types("E'it\\'s' e'\\\\' x")).containsExactly("STRING E'it\\'s'", "STRING e'\\\\'", "WORD x");
        assertThat(types("E'a''b'")).containsExactly("STRING E'a''b'");
        assertThat(positions("E'\\\nx' y")).containsExactly("E'\\\nx'@1:1", "y@2:4");
    }

    @Test
    void prefixedStringsAndIdentifiers() {
        assertThat(types("U&'d\\0061t' UESCAPE '!' u&\"a\"\"b\" N'nat' B'101' x'1F' X'' b")).containsExactly(
                "STRING U&'d\\0061t'", "WORD UESCAPE", "STRING '!'", "QUOTED_IDENT u&\"a\"\"b\"",
                "STRING N'nat'", "BIT_STRING B'101'", "BIT_STRING x'1F'", "BIT_STRING X''", "WORD b");
        assertThat(types("ex'1' U&x nx'a'")).containsExactly(
                "WORD ex", "STRING '1'", "WORD U", "OPERATOR &", "WORD x", "WORD nx", "STRING 'a'");
    }

    @Test
    void quotedIdentifiers() {
        assertThat(types("\"a \"\"b\"\"; c\".\"D\"")).containsExactly(
                "QUOTED_IDENT \"a \"\"b\"\"; c\"", "DOT .", "QUOTED_IDENT \"D\"");
    }

    @Test
    void dollarQuotes() {
        assertThat(types("$$a;'b$$ $fn$ x $a$ y $a$ $$ $fn$ z")).containsExactly(
                "DOLLAR_STRING $$a;'b$$", "DOLLAR_STRING $fn$ x $a$ y $a$ $$ $fn$", "WORD z");
        assertThat(types("$1 $23::int $_x1$q$_x1$")).containsExactly(
                "PARAM $1", "PARAM $23", "DOUBLE_COLON ::", "WORD int", "DOLLAR_STRING $_x1$q$_x1$");
        assertThat(positions("$b$\n\n$b$ x")).containsExactly("$b$\n\n$b$@1:1", "x@3:5");
        assertThat(types("$ $1a")).containsExactly("OPERATOR $", "PARAM $1", "WORD a");
    }

    @Test
    void placeholders() {
        assertThat(types("${flyway:defaultSchema}.t ${a.b-c} ${} ${x y}")).containsExactly(
                "PLACEHOLDER ${flyway:defaultSchema}", "DOT .", "WORD t", "PLACEHOLDER ${a.b-c}",
                "OPERATOR $", "OPERATOR {", "OPERATOR }", "OPERATOR $", "OPERATOR {", "WORD x", "WORD y",
                "OPERATOR }");
    }

    @Test
    void numbers() {
        assertThat(types("1 1.5 .5 1. 1e10 1.5E-3 2e+7 0x1F 0o17 0b101 1_000_000 0X_ff")).allMatch(s -> s.startsWith("NUMBER"))
                .containsExactly("NUMBER 1", "NUMBER 1.5", "NUMBER .5", "NUMBER 1.", "NUMBER 1e10",
                        "NUMBER 1.5E-3", "NUMBER 2e+7", "NUMBER 0x1F", "NUMBER 0o17", "NUMBER 0b101",
                        "NUMBER 1_000_000", "NUMBER 0X_ff");
        assertThat(types("1..10 1e 1_ 0x 5.a")).containsExactly(
                "NUMBER 1", "DOT .", "DOT .", "NUMBER 10", "NUMBER 1", "WORD e", "NUMBER 1", "WORD _",
                "NUMBER 0", "WORD x", "NUMBER 5.", "WORD a");
    }

    @Test
    void operators() {
        assertThat(types("a<>b != >= <= || ->> @> #>> ~~* <-> => = *")).containsExactly(
                "WORD a", "OPERATOR <>", "WORD b", "OPERATOR !=", "OPERATOR >=", "OPERATOR <=", "OPERATOR ||",
                "OPERATOR ->>", "OPERATOR @>", "OPERATOR #>>", "OPERATOR ~~*", "OPERATOR <->", "OPERATOR =>",
                "OPERATOR =", "OPERATOR *");
    }

    @Test
    void operatorsEndingInPlusOrMinus() {
        assertThat(types("a=-1")).containsExactly("WORD a", "OPERATOR =", "OPERATOR -", "NUMBER 1");
        assertThat(types("a*-+-b")).containsExactly(
                "WORD a", "OPERATOR *", "OPERATOR -", "OPERATOR +", "OPERATOR -", "WORD b");
        assertThat(types("a@-b ?- |+")).containsExactly("WORD a", "OPERATOR @-", "WORD b", "OPERATOR ?-", "OPERATOR |+");
        assertThat(positions("x<=-+y")).containsExactly("x@1:1", "<=@1:2", "-@1:4", "+@1:5", "y@1:6");
    }

    @Test
    void commentStartEndsOperator() {
        assertThat(types("a=--c\nb+/*x*/c")).containsExactly(
                "WORD a", "OPERATOR =", "LINE_COMMENT --c", "WORD b", "OPERATOR +", "BLOCK_COMMENT /*x*/", "WORD c");
    }

    @Test
    void unknownCharactersAreSingleOperators() {
        assertThat(types("a { } \u0000 b")).containsExactly(
                "WORD a", "OPERATOR {", "OPERATOR }", "OPERATOR \u0000", "WORD b");
        assertThat(types("café ñ")).containsExactly("WORD café", "WORD ñ");
    }

    @Test
    void psqlMetaCommands() {
        LexResult result = Lexer.lex("\\set x 1\nselect :x \\gset\n\\d t\r\nselect '\\d'");
        assertThat(result.tokens()).extracting(t -> t.type() + " " + t.text()).containsExactly(
                "PSQL_META \\set x 1", "WORD select", "COLON :", "WORD x", "PSQL_META \\gset",
                "PSQL_META \\d t", "WORD select", "STRING '\\d'");
        assertThat(result.notes()).extracting(LexNote::message).containsExactly(
                "skipped psql meta-command \\set x 1", "skipped psql meta-command \\gset",
                "skipped psql meta-command \\d t");
        assertThat(result.notes().get(1)).extracting(LexNote::offset, LexNote::line, LexNote::column)
                .containsExactly(19, 2, 11);
    }

    @Test
    void unterminatedConstructsRunToEndWithNote() {
        assertUnterminated("select 'abc\n;", "'abc\n;", STRING, "unterminated quoted string starting at line 1");
        assertUnterminated("x\n\"ab", "\"ab", QUOTED_IDENT, "unterminated quoted identifier starting at line 2");
        assertUnterminated("x $f$ body $f", "$f$ body $f", DOLLAR_STRING,
                "unterminated dollar-quoted string $f$ starting at line 1");
        assertUnterminated("x /* a /* b */", "/* a /* b */", BLOCK_COMMENT,
                "unterminated block comment starting at line 1");
        assertUnterminated("E'\\'", "E'\\'", STRING, "unterminated quoted string starting at line 1");
        assertUnterminated("E'\\", "E'\\", STRING, "unterminated quoted string starting at line 1");
        assertUnterminated("B'01", "B'01", BIT_STRING, "unterminated bit string starting at line 1");
    }

    private static void assertUnterminated(String sql, String lastText, TokenType type, String note) {
        LexResult result = Lexer.lex(sql);
        Token last = result.tokens().get(result.tokens().size() - 1);
        assertThat(last.type()).isEqualTo(type);
        assertThat(last.text()).isEqualTo(lastText);
        assertThat(result.notes()).extracting(LexNote::message).containsExactly(note);
        assertThat(result.notes().get(0).offset()).isEqualTo(last.offset());
    }

    @Test
    void lexingARangeKeepsAbsoluteOffsetsAndGivenPosition() {
        String source = "DO $$\nBEGIN\n  PERFORM 1;\nEND $$;";
        int from = source.indexOf("$$") + 2;
        int to = source.lastIndexOf("$$");
        LexResult body = Lexer.lex(source, from, to, 1, 6);
        assertThat(body.tokens()).extracting(t -> t.text() + "@" + t.offset() + "/" + t.line() + ":" + t.column())
                .containsExactly("BEGIN@6/2:1", "PERFORM@14/3:3", "1@22/3:11", ";@23/3:12", "END@25/4:1");
        assertThat(Lexer.lex("abc 'xyz", 0, 5, 7, 3).tokens()).extracting(t -> t.text() + "@" + t.line() + ":" + t.column())
                .containsExactly("abc@7:3", "'@7:7");
    }

    @Test
    void tokenEndPositions() {
        Token t = Lexer.lex("x $$a\r\nbc$$").tokens().get(1);
        assertThat(t.endLine()).isEqualTo(2);
        assertThat(t.endColumn()).isEqualTo(4);
        Token cr = Lexer.lex("'a\rb'").tokens().get(0);
        assertThat(cr.endLine()).isEqualTo(2);
        assertThat(cr.endColumn()).isEqualTo(2);
    }

    @Test
    void emptyAndBlankInput() {
        assertThat(Lexer.lex("").tokens()).isEmpty();
        assertThat(Lexer.lex(" \n\t\r\n\f").tokens()).isEmpty();
        assertThat(Lexer.lex("\uFEFF").tokens()).isEmpty();
    }
}
