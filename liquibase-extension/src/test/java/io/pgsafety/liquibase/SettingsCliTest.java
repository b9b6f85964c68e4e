package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Changelog-wide settings from changelog properties, their precedence below Liquibase's own
 * configuration, and the JSON report file.
 */
class SettingsCliTest extends LiquibaseCliTestBase {

    private static final String UNSAFE_FOREIGN_KEY = """
              <changeSet id="1" author="alice">
                <addForeignKeyConstraint baseTableName="orders" baseColumnNames="customer_id"
                    constraintName="orders_customer_fk" referencedTableName="customers"
                    referencedColumnNames="id"/>
              </changeSet>
            """;

    @Test
    void changelogPropertySetsAChangelogWideValue() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.xml", xmlChangelog(
                "  <property name=\"liquibase.safety.mode\" value=\"warn\"/>\n" + UNSAFE_FOREIGN_KEY));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(1);
    }

    @Test
    void changelogPropertyTurnsOnConcurrentIndexes() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <property name="liquibase.safety.concurrentIndexes" value="true"/>
                  <changeSet id="1" author="alice">
                    <createIndex tableName="orders" indexName="orders_customer_idx"><column name="customer_id"/></createIndex>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_index WHERE indisvalid"
                + " AND indexrelid = 'orders_customer_idx'::regclass")).isEqualTo(1);
    }

    @Test
    void liquibasePropertiesWinOverTheChangelog() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.xml", xmlChangelog(
                "  <property name=\"liquibase.safety.mode\" value=\"warn\"/>\n" + UNSAFE_FOREIGN_KEY));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of("liquibase.safety.mode: enforce"), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("add-foreign-key-validated");
        assertThat(cli.appliedChangesets(db)).isZero();
    }

    @Test
    void commandLineFlagWinsOverTheChangelog() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.xml", xmlChangelog(
                "  <property name=\"liquibase.safety.mode\" value=\"warn\"/>\n" + UNSAFE_FOREIGN_KEY));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "--safety-mode=enforce", "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(cli.appliedChangesets(db)).isZero();
    }

    @Test
    void yamlChangelogPropertySetsARuleSeverity() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.yaml", """
                databaseChangeLog:
                  - property:
                      name: liquibase.safety.rules.add-foreign-key-validated
                      value: warning
                  - changeSet:
                      id: 1
                      author: alice
                      changes:
                        - addForeignKeyConstraint:
                            baseTableName: orders
                            baseColumnNames: customer_id
                            constraintName: orders_customer_fk
                            referencedTableName: customers
                            referencedColumnNames: id
                """);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void formattedSqlPropertyAndContextFilter() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.sql", """
                --liquibase formatted sql
                --property name:liquibase.safety.requireUndo value:false context:dev

                --changeset alice:1
                ALTER TABLE orders ADD COLUMN note text;
                """);

        LiquibaseCli.Result prod = cli.run(dir, db, changelog, List.of("contexts: prod"), "update");
        LiquibaseCli.Result dev = cli.run(dir, db, changelog, List.of("contexts: dev"), "update");

        assertThat(prod.exitCode()).isNotZero();
        assertThat(prod.output()).contains("missing-undo");
        assertThat(dev.exitCode()).as(dev.output()).isZero();
    }

    @Test
    void reportFileIsWrittenWhenNotBlocked() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.xml", xmlChangelog(UNSAFE_FOREIGN_KEY));
        Path report = dir.resolve("reports/pg-safety.json");

        LiquibaseCli.Result result = cli.run(dir, db, changelog,
                List.of("liquibase.safety.mode: warn", "liquibase.safety.reportFile: " + report), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readString(report))
                .startsWith("{")
                .contains("\"tool\": \"safety\"")
                .doesNotContain("\"version\": \"unknown\"")
                .contains("\"file\": \"changelog.xml\"")
                .contains("\"rule\": \"add-foreign-key-validated\"")
                .contains("\"severity\": \"error\"")
                .contains("\"message\": \"changelog.xml::1::alice: ");
    }

    @Test
    void reportFileIsWrittenWhenBlockedAndWhenNothingIsPending() throws Exception {
        String db = databaseWithCustomersAndOrders();
        Path report = dir.resolve("pg-safety.json");
        List<String> reporting = List.of("liquibase.safety.reportFile: " + report);

        LiquibaseCli.Result blocked = cli.run(dir, db, write("unsafe.xml", xmlChangelog(UNSAFE_FOREIGN_KEY)), reporting,
                "update");
        String blockedReport = Files.readString(report);
        String safe = write("safe.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <addColumn tableName="orders"><column name="note" type="text"/></addColumn>
                  </changeSet>
                """));
        cli.run(dir, db, safe, reporting, "update");
        LiquibaseCli.Result nothingPending = cli.run(dir, db, safe, reporting, "update");

        assertThat(blocked.exitCode()).isNotZero();
        assertThat(blockedReport).contains("\"rule\": \"add-foreign-key-validated\"");
        assertThat(nothingPending.exitCode()).as(nothingPending.output()).isZero();
        assertThat(Files.readString(report)).contains("\"files\": 0").contains("\"findings\": []");
    }
}
