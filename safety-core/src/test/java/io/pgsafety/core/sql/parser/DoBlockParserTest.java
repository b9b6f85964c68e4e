package io.pgsafety.core.sql.parser;

import static io.pgsafety.core.sql.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.AlterAction;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoBlockParserTest {

    private static List<Statement> body(String sql) {
        return single(sql, Statement.Do.class).body().stream().map(ParsedStatement::statement).toList();
    }

    @Test
    void sqlCommandsOfTheBlockAreParsedWithFilePositions() {
        String sql = """
                SELECT 1;
                DO $body$
                DECLARE
                  n int := 0;
                BEGIN
                  -- add the column once
                  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'c') THEN
                    ALTER TABLE t ADD COLUMN c int;
                  END IF;
                  n := n + 1;
                  RAISE NOTICE 'done %', n;
                  CREATE INDEX t_c_idx ON t (c);
                END
                $body$;
                """;
        ParseResult result = SqlParser.parse(sql);
        Statement.Do block = (Statement.Do) result.statements().get(1).statement();
        assertThat(block.language()).isEqualTo("plpgsql");
        assertThat(block.span().line()).isEqualTo(2);
        assertThat(block.body()).hasSize(2);

        ParsedStatement alter = block.body().get(0);
        assertThat(alter.text()).isEqualTo("ALTER TABLE t ADD COLUMN c int");
        assertThat(alter.statement()).isInstanceOf(Statement.AlterTable.class);
        assertThat(alter.statement().span().line()).isEqualTo(8);
        assertThat(alter.statement().span().column()).isEqualTo(5);
        assertThat(sql.substring(alter.statement().span().offset(), alter.statement().span().endOffset()))
                .isEqualTo(alter.text());
        assertThat(alter.leadingComments()).singleElement()
                .satisfies(c -> assertThat(c.text()).isEqualTo("-- add the column once"));
        AlterAction.AddColumn add = (AlterAction.AddColumn) ((Statement.AlterTable) alter.statement()).actions().get(0);
        assertThat(add.span().line()).isEqualTo(8);
        assertThat(add.span().column()).isEqualTo(19);

        ParsedStatement index = block.body().get(1);
        assertThat(index.statement()).isInstanceOf(Statement.CreateIndex.class);
        assertThat(index.statement().span().line()).isEqualTo(12);
    }

    @Test
    void controlStructuresAreSteppedOver() {
        List<Statement> statements = body("""
                DO $$
                <<outer>>
                DECLARE
                  r record;
                  c CURSOR FOR SELECT * FROM t;
                BEGIN
                  FOR r IN SELECT * FROM t LOOP
                    UPDATE t SET a = 1 WHERE id = r.id;
                  END LOOP outer;
                  WHILE x < 10 LOOP
                    x := x + 1;
                    EXIT WHEN x > 5;
                  END LOOP;
                  CASE WHEN a = 1 THEN DELETE FROM t; ELSE TRUNCATE t; END CASE;
                  IF a THEN NULL; ELSIF CASE WHEN b THEN true ELSE false END THEN DROP TABLE x; ELSE PERFORM f(); END IF;
                  SELECT count(*) INTO n FROM t;
                  GET DIAGNOSTICS n = ROW_COUNT;
                  RETURN;
                EXCEPTION WHEN others THEN
                  RAISE WARNING 'failed';
                  INSERT INTO log VALUES ('x');
                END outer $$
                """);
        assertThat(statements).map(s -> s.getClass().getSimpleName())
                .containsExactly("Update", "Delete", "Truncate", "DropObject", "Other", "Insert");
        assertThat(((Statement.Other) statements.get(4)).keywords()).isEqualTo("SELECT");
    }

    @Test
    void executeOfPlainLiteralIsParsedButDynamicSqlIsSkipped() {
        String sql = "DO $$ BEGIN\n"
                + "  EXECUTE 'ALTER TABLE t ALTER COLUMN a SET NOT NULL';\n"
                + "  EXECUTE $q$CREATE INDEX i ON t (a)$q$;\n"
                + "  EXECUTE 'DROP TABLE ' || quote_ident(name);\n"
                + "  EXECUTE format('DROP TABLE %I', name);\n"
                + "  EXECUTE 'UPDATE t SET b = ''x'' WHERE a = $1' USING 1;\n"
                + "END $$";
        Statement.Do block = single(sql, Statement.Do.class);
        assertThat(block.body()).map(ps -> ps.statement().getClass().getSimpleName())
                .containsExactly("AlterTable", "CreateIndex", "Update");
        Statement alter = block.body().get(0).statement();
        assertThat(alter.span().line()).isEqualTo(2);
        assertThat(alter.span().column()).isEqualTo(12);
        assertThat(block.body().get(0).text()).isEqualTo("ALTER TABLE t ALTER COLUMN a SET NOT NULL");
        assertThat(((Statement.Update) block.body().get(2).statement()).hasWhere()).isTrue();
        for (ParsedStatement ps : block.body()) {
            assertThat(ps.statement().span().endOffset()).isLessThanOrEqualTo(sql.length());
        }
    }

    @Test
    void languageAndStringBodies() {
        Statement.Do perl = single("DO LANGUAGE plperl $$ my $x = 1; $$", Statement.Do.class);
        assertThat(perl.language()).isEqualTo("plperl");
        assertThat(perl.body()).isEmpty();
        Statement.Do after = single("DO $$BEGIN DROP TABLE t; END$$ LANGUAGE plpgsql", Statement.Do.class);
        assertThat(after.body()).singleElement().isInstanceOf(ParsedStatement.class);
        Statement.Do quoted = single("DO 'BEGIN TRUNCATE t; RAISE NOTICE ''x''; END'", Statement.Do.class);
        assertThat(quoted.body()).singleElement()
                .satisfies(ps -> assertThat(ps.statement()).isInstanceOf(Statement.Truncate.class));
    }

    @Test
    void badStatementInsideTheBlockIsUnparsedAndTheRestContinues() {
        List<Statement> statements = body("DO $$ BEGIN ALTER TABLE t ADD COLUMN; DROP TABLE u; END $$");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).isInstanceOf(Statement.Unparsed.class);
        assertThat(statements.get(1)).isInstanceOf(Statement.DropObject.class);
    }

    @Test
    void doWithoutBodyIsUnparsed() {
        assertThat(single("DO LANGUAGE plpgsql", Statement.Unparsed.class).reason()).contains("DO");
    }
}
