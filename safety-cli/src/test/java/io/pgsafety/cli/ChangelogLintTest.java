package io.pgsafety.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liquibase XML, YAML, JSON and formatted SQL changelogs through the command line, without a database. */
class ChangelogLintTest {

    /** The header of a changelog written for Liquibase 5, which the bundled Liquibase 4.33 reads too. */
    private static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                xmlns:safety="http://www.pgsafety.io/xml/ns/liquibase-safety"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                    http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-5.0.xsd">
            """;
    private static final String ORDERS = """
              <changeSet id="1" author="alice">
                <createTable tableName="customers">
                  <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                </createTable>
                <createTable tableName="orders">
                  <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                  <column name="customer_id" type="bigint"/>
                  <column name="status" type="text"/>
                </createTable>
              </changeSet>
            """;

    @TempDir
    Path dir;

    @Test
    void includedChangelogsOfEveryFormatAreAnalysedOnceAtTheirOwnLines() throws Exception {
        write("db/changelog-master.xml", XML + ORDERS + """
                  <include file="changes/002.yaml" relativeToChangelogFile="true"/>
                  <include file="changes/003.json" relativeToChangelogFile="true"/>
                  <include file="changes/004.sql" relativeToChangelogFile="true"/>
                </databaseChangeLog>
                """);
        write("db/changes/002.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 2
                      author: bob
                      changes:
                        - addForeignKeyConstraint:
                            baseTableName: orders
                            baseColumnNames: customer_id
                            constraintName: orders_customer_fk
                            referencedTableName: customers
                            referencedColumnNames: id
                """);
        write("db/changes/003.json", """
                {"databaseChangeLog": [
                  {"changeSet": {
                    "id": "3", "author": "bob",
                    "changes": [
                      {"createIndex": {"tableName": "orders", "indexName": "orders_status_idx",
                                       "columns": [{"column": {"name": "status"}}]}}
                    ],
                    "rollback": [
                      {"dropIndex": {"tableName": "orders", "indexName": "orders_status_idx"}}
                    ]
                  }}
                ]}
                """);
        write("db/changes/004.sql", """
                --liquibase formatted sql

                --changeset carol:4
                CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
                --rollback DROP INDEX CONCURRENTLY orders_customer_idx;

                --changeset carol:5
                ALTER TABLE orders
                  ALTER COLUMN status TYPE varchar(20);
                --rollback ALTER TABLE orders ALTER COLUMN status TYPE text;
                """);

        CliRun r = CliRun.of("lint", "--format", "json", dir.resolve("db").toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("\"files\": 4,");
        assertThat(r.findings()).containsExactly(
                "002.yaml:6:add-foreign-key-validated",
                "003.json:5:create-index-non-concurrent",
                "003.json:9:drop-index-non-concurrent",
                "004.sql:9:change-column-type");
        // the ALTER COLUMN clause of the statement, where the formatted SQL file has it
        assertThat(r.out()).contains("\"file\": \"" + dir.resolve("db/changes/004.sql") + "\",\n      \"line\": 9,\n"
                + "      \"column\": 3,\n      \"endLine\": 9,");
    }

    @Test
    void foreignKeyOnAnExistingTableGetsTheChangelogAlternative() throws Exception {
        Path changelog = write("changelog.xml", XML + ORDERS + """
                  <changeSet id="2" author="alice">
                    <addForeignKeyConstraint baseTableName="orders" baseColumnNames="customer_id"
                        constraintName="orders_customer_fk" referencedTableName="customers"
                        referencedColumnNames="id"/>
                  </changeSet>
                </databaseChangeLog>
                """);

        CliRun text = CliRun.of("lint", changelog.toString());

        assertThat(text.status()).isEqualTo(1);
        assertThat(text.out()).startsWith(changelog + ":18:5: error[add-foreign-key-validated] ")
                .contains("18 |     <addForeignKeyConstraint baseTableName=\"orders\" baseColumnNames=\"customer_id\"\n"
                        + "   |     ^^^^^^^^^^^^^^^^^^^^^^^^\n")
                .contains("in the changelog: addForeignKeyConstraint … validate=\"false\"",
                        "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk")
                .contains("\n1 error, 0 warnings, 0 allowed in 1 file (");
        CliRun json = CliRun.of("lint", "--format", "json", changelog.toString());
        assertThat(json.out()).contains("\"file\": \"" + changelog + "\",\n      \"line\": 18,\n      \"column\": 5,",
                "(SQL of addForeignKeyConstraint: ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY"
                        + " (customer_id) REFERENCES customers (id))");
    }

    @Test
    void aChangesetThatCannotBeRolledBackNeedsARollbackOrAReason() throws Exception {
        Path changelog = write("changelog.xml", XML + ORDERS + """
                  <changeSet id="2" author="alice">
                    <sql>UPDATE orders SET status = 'new' WHERE status IS NULL</sql>
                  </changeSet>
                  <changeSet id="3" author="alice">
                    <sql>UPDATE orders SET status = 'old' WHERE status = 'new'</sql>
                    <rollback>UPDATE orders SET status = 'new' WHERE status = 'old'</rollback>
                  </changeSet>
                  <changeSet id="4" author="alice" safety:irreversible="the old values are gone">
                    <dropColumn tableName="orders" columnName="status"/>
                    <rollback/>
                  </changeSet>
                </databaseChangeLog>
                """);
        Path yaml = write("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 1
                      author: bob
                      changes:
                        - sql: {sql: "UPDATE orders SET note = 'x' WHERE note IS NULL"}
                  - changeSet:
                      id: 2
                      author: bob
                      safety:irreversible: a backfill
                      changes:
                        - sql: {sql: "UPDATE orders SET note = 'y' WHERE note IS NULL"}
                """);

        CliRun r = CliRun.of("lint", "--format", "json", "--rule", "drop-column=off", changelog.toString(),
                yaml.toString());

        assertThat(r.findings()).containsExactly(
                "changelog.xml:17:missing-undo",
                "changelog.yaml:2:missing-undo");
        assertThat(r.out()).contains("in the changelog: add a <rollback> to the changeset");
    }

    @Test
    void attributesAndModifySqlAreHonoured() throws Exception {
        Path changelog = write("changelog.xml", XML + ORDERS + """
                  <changeSet id="2" author="alice" safety:allow="create-index-non-concurrent,drop-index-non-concurrent"
                      safety:reason="orders is empty until launch">
                    <createIndex indexName="orders_customer_idx" tableName="orders">
                      <column name="customer_id"/>
                    </createIndex>
                  </changeSet>
                  <changeSet id="3" author="alice" runInTransaction="false">
                    <createIndex indexName="orders_status_idx" tableName="orders">
                      <column name="status"/>
                    </createIndex>
                    <modifySql dbms="postgresql" applyToRollback="true">
                      <replace replace="INDEX" with="INDEX CONCURRENTLY"/>
                    </modifySql>
                    <rollback><dropIndex indexName="orders_status_idx" tableName="orders"/></rollback>
                  </changeSet>
                  <changeSet id="4" author="alice">
                    <sql>CREATE INDEX CONCURRENTLY orders_note_idx ON orders (status, id)</sql>
                    <rollback>DROP INDEX CONCURRENTLY orders_note_idx</rollback>
                  </changeSet>
                  <changeSet id="5" author="alice" dbms="mysql">
                    <sql>ALTER TABLE orders ENGINE = InnoDB</sql>
                  </changeSet>
                </databaseChangeLog>
                """);

        CliRun r = CliRun.of("lint", "--format", "json", changelog.toString());

        // only changeset 2 has findings (its index build, and its automatic rollback where that is analysed), allowed
        assertThat(r.status()).isZero();
        assertThat(r.findings()).startsWith("changelog.xml:19:create-index-non-concurrent")
                .allMatch(f -> f.startsWith("changelog.xml:19:"));
        assertThat(r.out()).contains("\"allowed\": true,\n      \"reason\": \"orders is empty until launch\"")
                .doesNotContain("\"allowed\": false");
    }

    @Test
    void contextsAndLabelsSelectChangesetsAllByDefault() throws Exception {
        Path changelog = write("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 1
                      author: bob
                      context: staging
                      changes:
                        - sql: {sql: "UPDATE a SET x = 1"}
                  - changeSet:
                      id: 2
                      author: bob
                      labels: v2
                      changes:
                        - sql: {sql: "UPDATE b SET x = 1"}
                """);

        assertThat(CliRun.of("lint", "--format", "json", "--rule", "missing-undo=off", changelog.toString()).findings())
                .containsExactly("changelog.yaml:7:unbatched-data-change", "changelog.yaml:13:unbatched-data-change");
        assertThat(CliRun.of("lint", "--format", "json", "--rule", "missing-undo=off", "--contexts", "production",
                changelog.toString()).findings()).containsExactly("changelog.yaml:13:unbatched-data-change");
        assertThat(CliRun.of("lint", "--format", "json", "--rule", "missing-undo=off", "--labels", "!v2",
                changelog.toString()).findings()).containsExactly("changelog.yaml:7:unbatched-data-change");
    }

    @Test
    void aDirectoryWalkAnalysesEachChangelogOnceFromItsRoot() throws Exception {
        write("db/master.xml", XML + """
                  <include file="parts/orders.xml" relativeToChangelogFile="true"/>
                  <changeSet id="10" author="alice">
                    <sqlFile path="sql/backfill.sql" relativeToChangelogFile="true"/>
                    <rollback>UPDATE orders SET status = NULL</rollback>
                  </changeSet>
                </databaseChangeLog>
                """);
        write("db/parts/orders.xml", XML + ORDERS + "</databaseChangeLog>\n");
        write("db/sql/backfill.sql", "UPDATE orders SET status = 'new';\n");
        write("db/other/standalone.xml", XML + """
                  <changeSet id="1" author="dave">
                    <dropTable tableName="legacy"/>
                  </changeSet>
                </databaseChangeLog>
                """);
        write("db/pom.xml", "<project/>\n");

        CliRun r = CliRun.of("lint", "--format", "json", dir.resolve("db").toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("\"files\": 4,");
        assertThat(r.findings()).containsExactly(
                "master.xml:9:unbatched-data-change",
                "master.xml:10:unbatched-data-change",
                "standalone.xml:7:missing-undo",
                "standalone.xml:8:drop-table");
    }

    @Test
    void rootsWithTheSameChangesetNamesKeepTheirOwnFindings() throws Exception {
        for (String app : new String[] {"billing", "shipping"}) {
            write(app + "/master.xml", XML + """
                      <include file="changes/001.xml" relativeToChangelogFile="true"/>
                    </databaseChangeLog>
                    """);
        }
        write("billing/changes/001.xml", XML + """
                  <changeSet id="1" author="alice">
                    <dropTable tableName="invoices"/>
                  </changeSet>
                </databaseChangeLog>
                """);
        write("shipping/changes/001.xml", XML + """

                  <changeSet id="1" author="alice">
                    <renameColumn tableName="parcels" oldColumnName="w" newColumnName="weight"/>
                  </changeSet>
                </databaseChangeLog>
                """);

        CliRun r = CliRun.of("lint", "--format", "json", "--rule", "missing-undo=off", dir.toString());

        assertThat(r.out()).contains("\"file\": \"" + dir.resolve("billing/changes/001.xml") + "\",\n      \"line\": 8,",
                "\"file\": \"" + dir.resolve("shipping/changes/001.xml") + "\",\n      \"line\": 9,");
        assertThat(r.findings()).containsExactly("001.xml:8:drop-table", "001.xml:9:rename-column");
    }

    @Test
    void changelogProblemsAreWarningsOrOneLineErrors() throws Exception {
        Path changelog = write("changelog.xml", XML + ORDERS + """
                  <include file="missing.xml" relativeToChangelogFile="true"/>
                  <changeSet id="2" author="alice" safety:irreversible="a backfill">
                    <customChange class="com.example.Backfill"/>
                    <rollback/>
                  </changeSet>
                </databaseChangeLog>
                """);
        CliRun warned = CliRun.of("lint", "--format", "json", changelog.toString());
        assertThat(warned.status()).isZero();
        assertThat(warned.err()).isEqualTo("safety: warning: The file missing.xml was not found in the configured"
                + " search path\nsafety: warning: changelog.xml::2::alice: customChange com.example.Backfill is"
                + " Java code; lint does not analyse it\n");

        Path broken = write("broken.xml", XML + "<changeSet id=\"1\" author=\"a\"><createTable></changeSet>\n");
        CliRun failed = CliRun.of("lint", broken.toString());
        assertThat(failed.status()).isEqualTo(2);
        assertThat(failed.err()).startsWith("safety: " + broken + ": cannot read the Liquibase changelog (")
                .hasLineCount(1);

        Path notAChangelog = write("pom.xml", "<project/>\n");
        CliRun refused = CliRun.of("lint", notAChangelog.toString());
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("safety: " + notAChangelog
                + ": not a Liquibase changelog (it has no databaseChangeLog)\n");
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
