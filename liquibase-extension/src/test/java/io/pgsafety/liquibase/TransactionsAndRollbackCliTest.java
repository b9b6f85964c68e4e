package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CONCURRENTLY statements outside transactions, and rollback pairs, through the real CLI. */
class TransactionsAndRollbackCliTest extends LiquibaseCliTestBase {

    private String databaseWithOrders() throws Exception {
        return databaseWith("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)");
    }

    private String concurrentIndexChangelog(String format) throws Exception {
        if (format.equals("xml")) {
            return write("changelog.xml", xmlChangelog("""
                      <changeSet id="1" author="alice">
                        <addColumn tableName="orders"><column name="note" type="text"/></addColumn>
                      </changeSet>
                      <changeSet id="2" author="alice">
                        <sql>CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)</sql>
                        <rollback>DROP INDEX CONCURRENTLY orders_customer_idx</rollback>
                      </changeSet>
                    """));
        }
        return write("changelog.sql", """
                --liquibase formatted sql

                --changeset alice:1
                ALTER TABLE orders ADD COLUMN note text;
                --rollback ALTER TABLE orders DROP COLUMN note;

                --changeset alice:2
                CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
                --rollback DROP INDEX CONCURRENTLY orders_customer_idx;
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "sql"})
    void concurrentIndexRunsOutsideTheTransactionWithoutAttribute(String format) throws Exception {
        String db = databaseWithOrders();
        String changelog = concurrentIndexChangelog(format);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(2);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_index WHERE indexrelid = 'orders_customer_idx'::regclass"
                + " AND indisvalid")).isEqualTo(1);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM databasechangelog WHERE md5sum IS NOT NULL")).isEqualTo(2);
    }

    @Test
    void missingRollbackIsBlocked() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <sql>ALTER TABLE orders ADD COLUMN note text</sql>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(cli.appliedChangesets(db)).isZero();
        assertThat(result.output()).contains("changelog.xml::1::alice").contains("missing-undo")
                .contains("add a <rollback> to the changeset");
    }

    @Test
    void irreversibleAttributeWithReasonPasses() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 1
                      author: alice
                      safety:irreversible: backfill of a new column, nothing to undo
                      changes:
                        - sql: {sql: "ALTER TABLE orders ADD COLUMN note text"}
                """);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void updateTestingRollbackPassesOnWellFormedChangelog() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <createTable tableName="audit">
                      <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                    </createTable>
                  </changeSet>
                  <changeSet id="2" author="alice">
                    <addColumn tableName="orders"><column name="note" type="text"/></addColumn>
                  </changeSet>
                  <changeSet id="3" author="alice">
                    <sql>CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)</sql>
                    <rollback>DROP INDEX CONCURRENTLY orders_customer_idx</rollback>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update-testing-rollback");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(3);
    }
}
