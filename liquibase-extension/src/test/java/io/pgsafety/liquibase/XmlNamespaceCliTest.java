package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * XML changelogs that declare the {@code safety} namespace with its schema location: Liquibase
 * validates them against the XSD in the extension jar, without the network (its secure parsing,
 * on by default, refuses remote schema lookups).
 */
class XmlNamespaceCliTest extends LiquibaseCliTestBase {

    @Test
    void declaredSchemaValidatesOfflineAndEveryAttributeTakesEffect() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.xml", xmlChangelogWithSafetySchema("""
                  <changeSet id="1" author="alice" safety:allow="add-foreign-key-validated"
                      safety:reason="orders is empty until launch">
                    <addForeignKeyConstraint baseTableName="orders" baseColumnNames="customer_id"
                        constraintName="orders_customer_fk" referencedTableName="customers"
                        referencedColumnNames="id"/>
                  </changeSet>
                  <changeSet id="2" author="alice"
                      safety:irreversible="statistics only; nothing to undo">
                    <sql>ANALYZE orders</sql>
                    <rollback/>
                  </changeSet>
                  <changeSet id="3" author="alice" safety:concurrently="true">
                    <createIndex tableName="orders" indexName="orders_customer_idx"><column name="customer_id"/></createIndex>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(3);
    }

    @Test
    void schemaRejectsMalformedAttributeValues() throws Exception {
        String db = databaseWithCustomersAndOrders();
        String changelog = write("changelog.xml", xmlChangelogWithSafetySchema("""
                  <changeSet id="1" author="alice" safety:allow="Add FK!" safety:reason="orders is empty">
                    <addForeignKeyConstraint baseTableName="orders" baseColumnNames="customer_id"
                        constraintName="orders_customer_fk" referencedTableName="customers"
                        referencedColumnNames="id"/>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("Add FK!").contains("ruleIdList");
        assertThat(cli.appliedChangesets(db)).isZero();
    }
}
