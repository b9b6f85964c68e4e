package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code liquibase update} through the real CLI: pre-flight blocking, what is not blocked, configuration. */
class PreflightCliTest extends LiquibaseCliTestBase {

    private String unsafeThirdChangeset(String format) throws Exception {
        switch (format) {
            case "xml":
                return write("changelog.xml", xmlChangelog("""
                          <changeSet id="1" author="alice">
                            <createTable tableName="audit">
                              <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                            </createTable>
                          </changeSet>
                          <changeSet id="2" author="alice">
                            <addColumn tableName="orders"><column name="note" type="text"/></addColumn>
                          </changeSet>
                          <changeSet id="3" author="alice">
                            <addForeignKeyConstraint baseTableName="orders" baseColumnNames="customer_id"
                                constraintName="orders_customer_fk" referencedTableName="customers"
                                referencedColumnNames="id"/>
                          </changeSet>
                        """));
            case "yaml":
                return write("changelog.yaml", """
                        databaseChangeLog:
                          - changeSet:
                              id: 1
                              author: alice
                              changes:
                                - createTable:
                                    tableName: audit
                                    columns:
                                      - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                          - changeSet:
                              id: 2
                              author: alice
                              changes:
                                - addColumn:
                                    tableName: orders
                                    columns:
                                      - column: {name: note, type: text}
                          - changeSet:
                              id: 3
                              author: alice
                              changes:
                                - addForeignKeyConstraint:
                                    baseTableName: orders
                                    baseColumnNames: customer_id
                                    constraintName: orders_customer_fk
                                    referencedTableName: customers
                                    referencedColumnNames: id
                        """);
            default:
                return write("changelog.sql", """
                        --liquibase formatted sql

                        --changeset alice:1
                        CREATE TABLE audit (id bigint PRIMARY KEY);
                        --rollback DROP TABLE audit;

                        --changeset alice:2
                        ALTER TABLE orders ADD COLUMN note text;
                        --rollback ALTER TABLE orders DROP COLUMN note;

                        --changeset alice:3
                        ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
                        --rollback ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;
                        """);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "yaml", "sql"})
    void unsafeThirdChangesetBlocksUpdateBeforeAnythingRuns(String format) throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = unsafeThirdChangeset(format);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(cli.appliedChangesets(db)).isZero();
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname = 'audit'")).isZero();
        assertThat(result.output())
                .contains(changelog + "::3::alice")
                .contains("add-foreign-key-validated")
                .contains("SHARE ROW EXCLUSIVE")
                .contains("NOT VALID")
                .contains("VALIDATE CONSTRAINT");
        if (!format.equals("sql")) {
            assertThat(result.output()).contains("addForeignKeyConstraint … validate=\"false\"");
        }
    }

    @Test
    void updateSqlAndStatusAreNotBlocked() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = unsafeThirdChangeset("xml");

        LiquibaseCli.Result sql = cli.run(dir, db, changelog, List.of(), "update-sql");
        LiquibaseCli.Result status = cli.run(dir, db, changelog, List.of(), "status");

        assertThat(sql.exitCode()).isZero();
        assertThat(sql.output()).contains("FOREIGN KEY");
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("3 changesets have not been applied");
    }

    @Test
    void warnModeReportsWithoutBlocking() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = unsafeThirdChangeset("xml");

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of("liquibase.safety.mode: warn"), "update");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(3);
    }

    @Test
    void allowAttributeWithReasonLetsTheChangesetThrough() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 1
                      author: alice
                      safety:allow: add-foreign-key-validated
                      safety:reason: orders is empty until launch
                      changes:
                        - addForeignKeyConstraint:
                            baseTableName: orders
                            baseColumnNames: customer_id
                            constraintName: orders_customer_fk
                            referencedTableName: customers
                            referencedColumnNames: id
                """);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(1);
    }

    @Test
    void allowAttributeInXmlNamespace() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice" safety:allow="add-foreign-key-validated"
                      safety:reason="orders is empty until launch">
                    <addForeignKeyConstraint baseTableName="orders" baseColumnNames="customer_id"
                        constraintName="orders_customer_fk" referencedTableName="customers"
                        referencedColumnNames="id"/>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(1);
    }

    @Test
    void allowCommentInFormattedSql() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.sql", """
                --liquibase formatted sql
                --changeset alice:7
                -- safety:allow add-foreign-key-validated reason="orders is empty until launch"
                ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
                --rollback ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;
                """);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(1);
    }

    @Test
    void unknownSafetyKeyFailsNamingIt() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.sql", """
                --liquibase formatted sql
                --changeset alice:1
                CREATE TABLE audit (id bigint PRIMARY KEY);
                --rollback DROP TABLE audit;
                """);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of("liquibase.safety.foo: 1"), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("liquibase.safety.foo");
        assertThat(cli.appliedChangesets(db)).isZero();
    }

    @Test
    void settingsFromPropertiesFileApply() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = unsafeThirdChangeset("xml");

        LiquibaseCli.Result result = cli.run(dir, db, changelog,
                List.of("liquibase.safety.rules.add-foreign-key-validated: warning"), "update");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(3);
    }

    /**
     * A changeset that ran (here in warn mode, so its finding did not block) is not analysed
     * again; one that runs again is: {@code runAlways} every time, {@code runOnChange} once its
     * SQL changed.
     */
    @Test
    void onlyChangesetsThatWillRunAreAnalysed() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String ran = """
                  <changeSet id="1" author="alice">
                    <sql>CREATE INDEX orders_customer_idx ON orders (customer_id)</sql>
                    <rollback>DROP INDEX orders_customer_idx</rollback>
                  </changeSet>
                  <changeSet id="2" author="alice" runOnChange="true">
                    <sql>%s</sql>
                    <rollback>SELECT 1</rollback>
                  </changeSet>
                """;
        String changelog = write("changelog.xml", xmlChangelog(ran.formatted("SELECT 1")));
        assertThat(cli.run(dir, db, changelog, List.of("liquibase.safety.mode: warn"), "update").exitCode()).isZero();

        LiquibaseCli.Result again = cli.run(dir, db, changelog, List.of(), "update");
        assertThat(again.exitCode()).as(again.output()).isZero();

        write("changelog.xml", xmlChangelog(ran.formatted("CREATE INDEX orders_id_customer_idx ON orders (id, customer_id)")));
        LiquibaseCli.Result changed = cli.run(dir, db, changelog, List.of(), "update");
        assertThat(changed.exitCode()).isNotZero();
        assertThat(changed.output()).contains("changelog.xml::2::alice").doesNotContain("changelog.xml::1::alice");

        write("changelog.xml", xmlChangelog(ran.formatted("SELECT 1") + """
                  <changeSet id="3" author="alice" runAlways="true">
                    <sql>CREATE INDEX IF NOT EXISTS orders_customer_idx ON orders (customer_id)</sql>
                    <rollback>SELECT 1</rollback>
                  </changeSet>
                """));
        LiquibaseCli.Result always = cli.run(dir, db, changelog, List.of(), "update");
        assertThat(always.exitCode()).isNotZero();
        assertThat(always.output()).contains("changelog.xml::3::alice").doesNotContain("changelog.xml::2::alice");
    }
}
