package io.pgsafety.core.sql.lexer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    private static List<RawStatement> split(String sql) {
        return StatementSplitter.split(sql, Lexer.lex(sql).tokens());
    }

    private static List<String> texts(String sql) {
        return split(sql).stream().map(RawStatement::text).toList();
    }

    @Test
    void splitsAtTopLevelSemicolonsAndKeepsLastStatementWithoutOne() {
        assertThat(texts("create table t (a int);\nalter table t add b int ;select 1"))
                .containsExactly("create table t (a int)", "alter table t add b int", "select 1");
    }

    @Test
    void emptyStatementsProduceNothing() {
        assertThat(texts(";; select 1;;;\n;")).containsExactly("select 1");
        assertThat(split("")).isEmpty();
        assertThat(split("-- only a comment\n/* and another */")).isEmpty();
    }

    @Test
    void tokensExcludeCommentsMetaAndTerminator() {
        RawStatement s = split("select /* c */ 1 -- d\n , 2;").get(0);
        assertThat(s.tokens()).extracting(Token::text).containsExactly("select", "1", ",", "2");
        assertThat(s.text()).isEqualTo("select /* c */ 1 -- d\n , 2");
        assertThat(s.span()).isEqualTo(new Span(0, 26, 1, 1, 2, 4));
    }

    @Test
    void semicolonsInsideQuotesCommentsAndDollarQuotesDoNotSplit() {
        String sql = """
                insert into t values ('a;b', E'c\\';d', "x;y");
                -- comment; with semicolon
                /* block; /* nested; */ ; */
                create function f() returns int as $body$ select 1; $q$;$q$ $body$ language sql;
                do $$ begin perform 1; end $$;
                select U&'x;' , B'1', $tag$;$tag$;
                """;
        assertThat(texts(sql)).containsExactly(
                "insert into t values ('a;b', E'c\\';d', \"x;y\")",
                "create function f() returns int as $body$ select 1; $q$;$q$ $body$ language sql",
                "do $$ begin perform 1; end $$",
                "select U&'x;' , B'1', $tag$;$tag$");
    }

    @Test
    void semicolonInsideParenthesesDoesNotSplit() {
        assertThat(texts("create rule r as on insert to t do also (insert into a values (1); insert into b values (2)); select 1;"))
                .containsExactly("create rule r as on insert to t do also (insert into a values (1); insert into b values (2))",
                        "select 1");
        assertThat(texts("select 1); select 2;")).containsExactly("select 1)", "select 2");
    }

    @Test
    void beginAtomicBodyWithCaseIsOneStatement() {
        String sql = """
                CREATE OR REPLACE FUNCTION f(x int) RETURNS text LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN x > 0 THEN 'pos' ELSE 'neg' END;
                  SELECT CASE x WHEN 1 THEN 'one' END;
                END;
                CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;
                create function g() returns int begin atomic; end;
                SELECT 1;
                """;
        assertThat(texts(sql)).containsExactly(
                """
                CREATE OR REPLACE FUNCTION f(x int) RETURNS text LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN x > 0 THEN 'pos' ELSE 'neg' END;
                  SELECT CASE x WHEN 1 THEN 'one' END;
                END""",
                "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END",
                "create function g() returns int begin atomic; end",
                "SELECT 1");
    }

    @Test
    void beginAtomicOnlyCountsInRoutineDefinitions() {
        assertThat(texts("BEGIN; select 1; BEGIN TRANSACTION; BEGIN ISOLATION LEVEL SERIALIZABLE; COMMIT;"))
                .containsExactly("BEGIN", "select 1", "BEGIN TRANSACTION", "BEGIN ISOLATION LEVEL SERIALIZABLE", "COMMIT");
        assertThat(texts("select begin atomic; select 2;")).containsExactly("select begin atomic", "select 2");
        assertThat(texts("create function f() returns int as $$ begin return 1; end $$ language plpgsql; select 2;"))
                .containsExactly("create function f() returns int as $$ begin return 1; end $$ language plpgsql",
                        "select 2");
        assertThat(texts("create /* c */ function f() begin /* x */ atomic select 1; end; select 2"))
                .containsExactly("create /* c */ function f() begin /* x */ atomic select 1; end", "select 2");
    }

    @Test
    void psqlMetaLinesAreSkippedAndSendingCommandsEndStatements() {
        String sql = """
                \\set ON_ERROR_STOP on
                select 1;
                select 'a' as x \\gset
                select format('create table %I ()', 't')
                \\gexec
                select 2 \\watch 1
                select 3 \\getenv h HOME
                ;
                \\d t
                """;
        List<RawStatement> statements = split(sql);
        assertThat(statements).extracting(RawStatement::text).containsExactly(
                "select 1", "select 'a' as x", "select format('create table %I ()', 't')", "select 2", "select 3");
        assertThat(statements.get(4).tokens()).extracting(Token::text).containsExactly("select", "3");
    }

    @Test
    void leadingCommentsAreThoseSinceThePreviousStatement() {
        String sql = """
                -- header
                /* file */
                create table t (a int); -- after t
                -- safety:allow x
                alter table t /* inner */ add b int;
                ;
                -- before empty
                ;
                select 1;
                -- trailing
                """;
        List<RawStatement> statements = split(sql);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0).leadingComments()).extracting(Token::text).containsExactly("-- header", "/* file */");
        assertThat(statements.get(1).leadingComments()).extracting(Token::text)
                .containsExactly("-- after t", "-- safety:allow x");
        assertThat(statements.get(1).tokens()).extracting(Token::text).doesNotContain("/* inner */");
        assertThat(statements.get(2).leadingComments()).extracting(Token::text).containsExactly("-- before empty");
    }

    @Test
    void crlfSourcesKeepExactTextAndPositions() {
        String sql = "-- c\r\ncreate table t (\r\n  a int\r\n);\r\nselect 1;\r\n";
        List<RawStatement> statements = split(sql);
        assertThat(statements).extracting(RawStatement::text)
                .containsExactly("create table t (\r\n  a int\r\n)", "select 1");
        assertThat(statements.get(0).span()).extracting(Span::line, Span::column, Span::endLine, Span::endColumn)
                .containsExactly(2, 1, 4, 1);
        assertThat(statements.get(1).span()).extracting(Span::line, Span::column, Span::endLine, Span::endColumn)
                .containsExactly(5, 1, 5, 8);
    }

    @Test
    void unterminatedInputBecomesTheLastStatement() {
        assertThat(texts("select 1; select 'oops; select 2;")).containsExactly("select 1", "select 'oops; select 2;");
        assertThat(texts("create function f() begin atomic select 1; select 2;"))
                .containsExactly("create function f() begin atomic select 1; select 2;");
    }
}
