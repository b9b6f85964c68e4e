package io.pgsafety.core.sql.parser;

import static io.pgsafety.core.sql.parser.Parsing.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A statement the parser cannot read never stops it: it becomes Unparsed and the next one parses. */
class ParserResilienceTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "ALTER TABLE t ADD COLUMN c int DEFAULT 1)", "CREATE TABLE t (a int,)", "CREATE INDEX i ON",
        "ALTER TABLE t ALTER COLUMN c TYPE", "DROP TABLE", "LOCK TABLE t IN", "CREATE TABLE t (a numeric(10)))",
        "ALTER TABLE t ADD CONSTRAINT c CHECK", "frobnicate the database", "ALTER TABLE t ADD COLUMN a int b c",
        "CREATE TABLE (a int)", "UPDATE", "INSERT INTO t", ")))", "ALTER TABLE t SET (fillfactor = 10))"})
    void badStatementIsUnparsedAndNextStatementParses(String bad) {
        List<Statement> statements = statements(bad + ";\nDROP INDEX CONCURRENTLY i;");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).isInstanceOfSatisfying(Statement.Unparsed.class, u -> {
            assertThat(u.reason()).isNotBlank();
            assertThat(u.span().line()).isEqualTo(1);
        });
        assertThat(statements.get(1)).isInstanceOf(Statement.DropIndex.class);
    }

    @Test
    void unclosedParenthesisSwallowsTheRestLikePsqlButDoesNotThrow() {
        List<Statement> statements = statements("ALTER TABLE t ADD COLUMN c int DEFAULT (1;\nDROP INDEX i;");
        assertThat(statements).singleElement().isInstanceOf(Statement.Unparsed.class);
    }

    @Test
    void unparsedSpanPointsAtTheOffendingToken() {
        Statement.Unparsed unparsed = (Statement.Unparsed) statements("ALTER TABLE t\n  ADD COLUMN a int bogus").get(0);
        assertThat(unparsed.span().line()).isEqualTo(2);
        assertThat(unparsed.span().column()).isEqualTo(20);
        assertThat(unparsed.reason()).contains("bogus");
    }

    @Test
    void emptyAndCommentOnlyInput() {
        assertThat(SqlParser.parse("").statements()).isEmpty();
        assertThat(SqlParser.parse(null).statements()).isEmpty();
        ParseResult comments = SqlParser.parse("-- nothing\n/* at all */ ;;");
        assertThat(comments.statements()).isEmpty();
        assertThat(comments.comments()).hasSize(2);
    }

    @Test
    void resultCarriesTextTokensCommentsAndNotes() {
        ParseResult result = SqlParser.parse("-- safety:allow x\nCREATE INDEX i ON t (a); SELECT 'unterminated");
        assertThat(result.statements()).hasSize(2);
        assertThat(result.statements().get(0).text()).isEqualTo("CREATE INDEX i ON t (a)");
        assertThat(result.statements().get(0).leadingComments()).hasSize(1);
        assertThat(result.statements().get(0).tokens()).hasSize(8);
        assertThat(result.comments()).hasSize(1);
        assertThat(result.notes()).isNotEmpty();
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        String alphabet = "abcdeALTERTABLECREATEINDEXDO $$'\"();,.-*/\n\t:=<>[]0123456789E&U\\";
        String[] words = {"ALTER", "TABLE", "ADD", "COLUMN", "CREATE", "INDEX", "DO", "$$", "BEGIN", "END", "(", ")",
            ",", ";", "'x'", "\"q\"", "CONSTRAINT", "CHECK", "DEFAULT", "NOT", "NULL", "TYPE", "int", "EXECUTE",
            "WITH", "AS", "SET", "DROP", "ON", "USING", "$x$", "--", "/*", "*/", "[", "]", "::", "LOCK", "IN"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                if (random.nextBoolean()) {
                    sb.append(words[random.nextInt(words.length)]).append(' ');
                } else {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            ParseResult result = SqlParser.parse(sb.toString());
            assertThat(result).isNotNull();
        }
    }
}
