package io.pgsafety.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.analysis.Migration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.resource.filesystem.FileSystemResource;
import org.flywaydb.core.internal.sqlscript.ParsedSqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PresplitScript} against Flyway's own parser: every script it takes splits exactly as
 * Flyway's PostgreSQL parser (with {@link SafetyPostgreSQLParser}) splits it, and
 * {@link GuardedSqlScript} takes the split only while the script still holds the text it was made from.
 */
class PresplitScriptTest {

    @TempDir
    Path folder;

    private static final String MIXED = """
            -- header comment
            -- second line

            CREATE TABLE account (id bigint PRIMARY KEY, note text DEFAULT 'x;y'); -- trailing
            /* block */ INSERT INTO account VALUES (1, 'it''s');
              CREATE INDEX CONCURRENTLY account_note_idx ON account (note);

            ALTER TABLE account ADD COLUMN "odd;name" int
            ;
            UPDATE account SET note = CASE WHEN id > 0 THEN 'a' ELSE 'b' END WHERE id IN (1, 2);
            DELETE FROM account WHERE id = 3;
            DROP INDEX CONCURRENTLY IF EXISTS account_note_idx;
            CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS account_id_idx ON account (id);
            ALTER TABLE measurement DETACH PARTITION measurement_2020 CONCURRENTLY;
            TRUNCATE account;
            DROP TABLE IF EXISTS old_account;;
            CREATE TABLE copy AS SELECT * FROM account
            -- only a comment at the end
            """;

    @ParameterizedTest
    @ValueSource(strings = {
        MIXED,
        "CREATE TABLE t (id int)",
        "-- nothing but a comment\n",
        "",
        "create table t (id int);\r\n-- crlf\r\ninsert into t values (1);\r\n",
        "/* a */ /* b */ ALTER TABLE t ADD COLUMN c int;\n\n\n   -- c\n   ALTER TABLE t DROP COLUMN c;",
        "ALTER TABLE t ADD c int -- note\n;\nCREATE TABLE x (id int) /* c */ ;\nINSERT INTO x VALUES (1)   \n  ;  \n-- tail\n",
        "ALTER TABLE t ADD c int -- note\r\n;\r\nCREATE TABLE x (id int) -- c\r\n  -- d\r\n",
    })
    void splitsAsFlywayDoes(String sql) {
        PresplitScript split = PresplitScript.of(migration("V1__x.sql", sql), "${");

        assertThat(split).as("taken").isNotNull();
        assertThat(described(split.statements())).isEqualTo(described(flywaySplit(sql)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE ${table} (id int);",
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
        "CREATE TABLE t (id int);\nCOPY t FROM stdin;\n1\n\\.\n",
        "\uFEFFCREATE TABLE t (id int);",
        "INSERT INTO t VALUES (E'a\\';b');",
        "/* outer /* inner */ still a comment; */ CREATE TABLE t (id int);",
        "BEGIN; CREATE TABLE t (id int); COMMIT;",
        "CREATE DATABASE other;",
        "ALTER TYPE mood ADD VALUE 'meh';",
        "VACUUM t;",
        "CREATE TABLE t (id int);\rINSERT INTO t VALUES (1);",
        "CREATE VIEW v AS SELECT 1;",
    })
    void leavesToFlywayWhatItMightSplitOtherwise(String sql) {
        assertThat(PresplitScript.of(migration("V1__x.sql", sql), "${")).isNull();
    }

    /** Every corpus script taken splits as Flyway splits it. */
    @Test
    void corpusScriptsTakenSplitAsFlywayDoes() throws IOException {
        String property = System.getProperty("safety.corpus");
        Assumptions.assumeTrue(property != null && Files.isDirectory(Path.of(property)),
                "corpus folder absent: " + property);
        List<Path> files;
        try (Stream<Path> paths = Files.walk(Path.of(property))) {
            files = paths.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        int taken = 0;
        for (Path file : files) {
            String sql = Files.readString(file);
            PresplitScript split = PresplitScript.of(migration(file.getFileName().toString(), sql), "${");
            if (split != null) {
                taken++;
                assertThat(described(split.statements())).as(file.toString()).isEqualTo(described(flywaySplit(sql)));
            }
        }
        System.out.println("PresplitScriptTest: " + taken + " of " + files.size() + " corpus scripts taken");
        assertThat(taken).as("corpus scripts taken").isGreaterThan(files.size() / 10);
    }

    @Test
    void guardedScriptTakesTheSplitWhileItsTextIsUnchanged() {
        ClassicConfiguration configuration = new ClassicConfiguration();
        PlannedStatements.remember(configuration, List.of(migration("V1__x.sql", MIXED)));
        try {
            GuardedSqlScript script = script(configuration, resource("V1__x.sql", MIXED));
            assertThat(script.presplit()).isTrue();
            assertThat(described(statements(script))).isEqualTo(described(flywaySplit(MIXED)));
            assertThat(script.getSqlStatementCount()).isEqualTo(flywaySplit(MIXED).size());
            assertThat(script.executeInTransaction()).as("has CONCURRENTLY statements").isFalse();

            String changed = "CREATE TABLE other (id int);";
            GuardedSqlScript edited = script(configuration, resource("V1__x.sql", changed));
            assertThat(edited.presplit()).isFalse();
            assertThat(described(statements(edited))).isEqualTo(described(flywaySplit(changed)));
            assertThat(edited.executeInTransaction()).isTrue();

            assertThat(script(configuration, resource("V2__y.sql", MIXED)).presplit())
                    .as("a script the plan does not hold").isFalse();
        } finally {
            PlannedStatements.ran(configuration, "V1__x.sql", true);
        }
    }

    @Test
    void transactionalScriptRunsInATransaction() {
        ClassicConfiguration configuration = new ClassicConfiguration();
        String sql = "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);";
        PlannedStatements.remember(configuration, List.of(migration("V1__x.sql", sql)));
        try {
            GuardedSqlScript script = script(configuration, resource("V1__x.sql", sql));
            assertThat(script.presplit()).isTrue();
            assertThat(script.executeInTransaction()).isTrue();
            configuration.setExecuteInTransaction(false);
            assertThat(script(configuration, resource("V1__x.sql", sql)).executeInTransaction()).isFalse();
        } finally {
            PlannedStatements.ran(configuration, "V1__x.sql", true);
        }
    }

    /** {@code sql} in a file of the temporary folder, as Flyway finds a migration in a filesystem location. */
    private LoadableResource resource(String name, String sql) {
        try {
            Files.writeString(folder.resolve(name), sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FileSystemResource(new Location("filesystem:" + folder), folder.resolve(name).toString(),
                StandardCharsets.UTF_8, false);
    }

    private static Migration migration(String name, String sql) {
        return Migration.builder(name, sql).kind(Migration.Kind.UP).name(name).build();
    }

    private static GuardedSqlScript script(ClassicConfiguration configuration, LoadableResource resource) {
        return new GuardedSqlScript(new SafetyPostgreSQLParser(configuration, new ParsingContext()), resource, null,
                configuration);
    }

    private List<SqlStatement> flywaySplit(String sql) {
        ClassicConfiguration configuration = new ClassicConfiguration();
        List<SqlStatement> statements = new ArrayList<>();
        try (SqlStatementIterator iterator = new SafetyPostgreSQLParser(configuration, new ParsingContext())
                .parse(resource("V1__x.sql", sql))) {
            iterator.forEachRemaining(statements::add);
        }
        return statements;
    }

    private static List<SqlStatement> statements(GuardedSqlScript script) {
        List<SqlStatement> statements = new ArrayList<>();
        try (SqlStatementIterator iterator = script.getSqlStatements()) {
            iterator.forEachRemaining(statements::add);
        }
        return statements;
    }

    /** What Flyway takes from a statement: where it starts, its text, whether it runs in a transaction. */
    private static List<String> described(List<SqlStatement> statements) {
        return statements.stream().map(s -> s.getClass().getSimpleName() + " pos " + ((ParsedSqlStatement) s).getPos()
                + " line " + s.getLineNumber() + " col " + ((ParsedSqlStatement) s).getCol() + " tx "
                + s.canExecuteInTransaction() + " delimiter " + s.getDelimiter() + ": " + s.getSql()).toList();
    }
}
