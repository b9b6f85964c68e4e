package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rollback pairs through the real CLI: every pending changeset needs a way back (an automatic
 * inverse or an explicit rollback; an empty one only with {@code safety:irreversible}), and the
 * rollback SQL, explicit or generated, is analysed as a down migration.
 */
class RollbackPairsCliTest extends LiquibaseCliTestBase {

    /** The example project: {@code examples/liquibase-cli} (XML, YAML and formatted SQL changelogs). */
    static final Path EXAMPLE = Path.of("..", "examples", "liquibase-cli").toAbsolutePath().normalize();

    private String databaseWithOrders() throws Exception {
        return databaseWith("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yaml", "sql"})
    void changesetWithoutRollbackIsBlocked(String format) throws Exception {
        String db = databaseWithOrders();
        String changelog = format.equals("yaml")
                ? write("changelog.yaml", """
                        databaseChangeLog:
                          - changeSet:
                              id: 1
                              author: alice
                              changes:
                                - sql: {sql: "ALTER TABLE orders ADD COLUMN note text"}
                        """)
                : write("changelog.sql", """
                        --liquibase formatted sql
                        --changeset alice:1
                        ALTER TABLE orders ADD COLUMN note text;
                        """);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(cli.appliedChangesets(db)).isZero();
        assertThat(result.output()).contains(changelog + "::1::alice").contains("missing-undo");
    }

    @Test
    void emptyRollbackWithoutReasonIsBlocked() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <sql>ALTER TABLE orders ADD COLUMN note text</sql>
                    <rollback/>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(cli.appliedChangesets(db)).isZero();
        assertThat(result.output()).contains("missing-undo").contains("its rollback is empty");
    }

    @Test
    void emptyRollbackWithIrreversibleReasonPassesInFormattedSql() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.sql", """
                --liquibase formatted sql
                --changeset alice:1
                -- safety:irreversible reason="statistics only; nothing to undo"
                ANALYZE orders;
                --rollback empty
                """);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(1);
    }

    @Test
    void requireUndoOffLetsChangesetsWithoutRollbackThrough() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <sql>ALTER TABLE orders ADD COLUMN note text</sql>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of("liquibase.safety.requireUndo: false"),
                "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void automaticRollbackSqlIsAnalysed() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <createTable tableName="audit">
                      <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                      <column name="at" type="timestamptz"/>
                    </createTable>
                  </changeSet>
                  <changeSet id="2" author="alice">
                    <createIndex tableName="audit" indexName="audit_at_idx"><column name="at"/></createIndex>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(cli.appliedChangesets(db)).isZero();
        assertThat(result.output())
                .contains("rollback of changeset changelog.xml::2::alice (automatic, undoing createIndex)")
                .contains("drop-index-non-concurrent")
                .contains("add safety:concurrently=\"true\" to the changeset")
                .contains("<rollback>DROP INDEX CONCURRENTLY audit_at_idx</rollback>")
                .doesNotContain("changeset changelog.xml::1::alice");
    }

    @Test
    void automaticRollbackThatDropsItsTableAnywayIsNotFlaggedForTheIndex() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <createTable tableName="audit">
                      <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                      <column name="at" type="timestamptz"/>
                    </createTable>
                    <createIndex tableName="audit" indexName="audit_at_idx"><column name="at"/></createIndex>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update-testing-rollback");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void concurrentCreateIndexHasAConcurrentAutomaticRollback() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice" safety:concurrently="true">
                    <createIndex tableName="orders" indexName="orders_customer_idx"><column name="customer_id"/></createIndex>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update-testing-rollback");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_index WHERE indisvalid"
                + " AND indexrelid = 'orders_customer_idx'::regclass")).isEqualTo(1);
    }

    @Test
    void explicitRollbackSqlIsAnalysedAndAllowCoversIt() throws Exception {
        String db = databaseWith("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);"
                + " CREATE INDEX orders_customer_old_idx ON orders (customer_id)");
        String unsafeRollback = """
                  <changeSet id="1" author="alice">
                    <sql>CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)</sql>
                    <rollback>DROP INDEX orders_customer_idx</rollback>
                  </changeSet>
                """;

        LiquibaseCli.Result blocked = cli.run(dir, db, write("changelog.xml", xmlChangelog(unsafeRollback)),
                List.of(), "update");
        LiquibaseCli.Result allowed = cli.run(dir, db, write("allowed.xml", xmlChangelog(
                unsafeRollback.replace("author=\"alice\">", "author=\"alice\" safety:allow=\"drop-index-non-concurrent\""
                        + " safety:reason=\"rolled back only before traffic moves\">"))), List.of(), "update");

        assertThat(blocked.exitCode()).isNotZero();
        assertThat(blocked.output()).contains("rollback of changeset changelog.xml::1::alice (sql)")
                .contains("drop-index-non-concurrent");
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
    }

    @Test
    void exampleChangelogsPassUpdateTestingRollback() throws Exception {
        String db = cli.createDatabase();

        LiquibaseCli.Result result = cli.runOn(db, List.of(
                "--defaults-file=" + EXAMPLE.resolve("liquibase.properties"), "--search-path=" + EXAMPLE,
                "update-testing-rollback"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(9);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_index WHERE indisvalid"
                + " AND indexrelid::regclass::text IN"
                + " ('orders_created_idx', 'orders_status_idx', 'orders_customer_idx')")).isEqualTo(3);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'orders_customer_fk'"
                + " AND convalidated")).isEqualTo(1);
        assertThat(Files.exists(EXAMPLE.resolve("pg-safety-report.json"))).isFalse();
    }
}
