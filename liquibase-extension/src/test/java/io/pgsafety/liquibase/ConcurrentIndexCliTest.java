package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** createIndex and dropIndex run CONCURRENTLY on request, and INVALID leftovers of failed builds, through the real CLI. */
class ConcurrentIndexCliTest extends LiquibaseCliTestBase {

    private static final AtomicInteger LOGS = new AtomicInteger();

    private OpenTransaction writer;

    @AfterEach
    void endWriter() throws SQLException {
        if (writer != null) {
            writer.close();
        }
    }

    private String databaseWithOrders() throws Exception {
        return databaseWith("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);"
                + " INSERT INTO orders SELECT g, g % 10 FROM generate_series(1, 100) g");
    }

    /**
     * Runs {@code liquibase <args>} with its log, which shows the SQL it runs and the pre-flight's
     * warnings, written to a file; returns the output followed by that log.
     */
    private LiquibaseCli.Result runLogged(String db, String changelog, List<String> properties, String... args)
            throws Exception {
        Path log = dir.resolve("liquibase-" + LOGS.incrementAndGet() + ".log");
        List<String> argv = new ArrayList<>(List.of("--log-level=INFO", "--sql-log-level=INFO", "--log-file=" + log));
        argv.addAll(List.of(args));
        LiquibaseCli.Result result = cli.run(dir, db, changelog, properties, argv.toArray(String[]::new));
        String logged = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return new LiquibaseCli.Result(result.exitCode(), result.output() + logged);
    }

    /** The changeset docs/runtime-guard.md shows, in XML. */
    private static final String CONCURRENT_XML = """
              <changeSet id="1" author="alice" safety:concurrently="true">
                <createIndex tableName="orders" indexName="orders_customer_idx">
                  <column name="customer_id"/>
                </createIndex>
              </changeSet>
            """;

    /** The changeset docs/runtime-guard.md shows, in YAML. */
    private static final String CONCURRENT_YAML = """
            databaseChangeLog:
              - changeSet:
                  id: 1
                  author: alice
                  safety:concurrently: true
                  changes:
                    - createIndex:
                        tableName: orders
                        indexName: orders_customer_idx
                        columns:
                          - column: {name: customer_id}
            """;

    /**
     * One changeset with createIndex on orders; {@code attribute} is the value of its
     * safety:concurrently attribute, or "" for none.
     */
    private String createIndexChangelog(String format, String attribute, boolean unique) throws Exception {
        if (format.equals("xml")) {
            String asked = attribute.isEmpty() ? "" : " safety:concurrently=\"" + attribute + "\"";
            String changeSet = CONCURRENT_XML.replace(" safety:concurrently=\"true\"", asked)
                    .replace("indexName=\"orders_customer_idx\">", "indexName=\"orders_customer_idx\" unique=\"" + unique + "\">");
            return write("changelog.xml", xmlChangelog(changeSet));
        }
        return write("changelog.yaml", CONCURRENT_YAML
                .replace("      safety:concurrently: true\n",
                        attribute.isEmpty() ? "" : "      safety:concurrently: " + attribute + "\n")
                .replace("indexName: orders_customer_idx\n", "indexName: orders_customer_idx\n            unique: " + unique + "\n"));
    }

    private long validIndexes(String db, String name) throws SQLException {
        return cli.queryLong(db, "SELECT count(*) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid"
                + " WHERE c.relname = '" + name + "' AND x.indisvalid");
    }

    private long indexes(String db, String name) throws SQLException {
        return cli.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname = '" + name + "'");
    }

    private String checksum(String db) throws SQLException {
        try (Connection c = cli.connect(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT md5sum FROM databasechangelog")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "yaml"})
    void createIndexBuildsConcurrentlyAndRollsBackConcurrently(String format) throws Exception {
        String db = databaseWithOrders();
        String changelog = createIndexChangelog(format, "true", false);

        LiquibaseCli.Result update = runLogged(db, changelog, List.of(), "update");

        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(update.output()).contains("CREATE INDEX CONCURRENTLY orders_customer_idx ON public.orders(customer_id)")
                .doesNotContain("create-index-non-concurrent");
        assertThat(validIndexes(db, "orders_customer_idx")).isEqualTo(1);

        LiquibaseCli.Result rollback = runLogged(db, changelog, List.of(), "rollback-count", "--count=1");

        assertThat(rollback.exitCode()).as(rollback.output()).isZero();
        assertThat(rollback.output()).contains("DROP INDEX CONCURRENTLY public.orders_customer_idx");
        assertThat(indexes(db, "orders_customer_idx")).isZero();
        assertThat(cli.appliedChangesets(db)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "yaml"})
    void theOptionLeavesTheChecksumAlone(String format) throws Exception {
        String concurrent = databaseWithOrders();
        String plain = databaseWithOrders();

        LiquibaseCli.Result withOption = cli.run(dir, concurrent, createIndexChangelog(format, "true", false), List.of(),
                "update");
        LiquibaseCli.Result without = runLogged(plain, createIndexChangelog(format, "", false),
                List.of("liquibase.safety.mode: warn"), "update");

        assertThat(withOption.exitCode()).as(withOption.output()).isZero();
        assertThat(without.exitCode()).as(without.output()).isZero();
        assertThat(without.output()).as("the pre-flight sees the plain build").contains("create-index-non-concurrent");
        assertThat(checksum(concurrent)).isEqualTo(checksum(plain));
    }

    @Test
    void configurationKeyAppliesToEveryChangesetThatDoesNotSayOtherwise() throws Exception {
        String db = databaseWithOrders();
        cli.execute(db, "CREATE INDEX orders_old_idx ON orders (id, customer_id)");
        String changelog = write("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 1
                      author: alice
                      changes:
                        - createIndex:
                            tableName: orders
                            indexName: orders_customer_idx
                            columns:
                              - column: {name: customer_id}
                  - changeSet:
                      id: 2
                      author: alice
                      changes:
                        - dropIndex:
                            tableName: orders
                            indexName: orders_old_idx
                      rollback:
                        - sql: {sql: "CREATE INDEX CONCURRENTLY orders_old_idx ON orders (id, customer_id)"}
                  - changeSet:
                      id: 3
                      author: alice
                      safety:concurrently: false
                      changes:
                        - createTable:
                            tableName: audit
                            columns:
                              - column: {name: id, type: bigint}
                        - createIndex:
                            tableName: audit
                            indexName: audit_id_idx
                            columns:
                              - column: {name: id}
                """);

        List<String> concurrentIndexes = List.of("liquibase.safety.concurrentIndexes: true");
        LiquibaseCli.Result sql = cli.run(dir, db, changelog, concurrentIndexes, "update-sql");

        assertThat(sql.exitCode()).as(sql.output()).isZero();
        assertThat(sql.output()).contains("CREATE INDEX CONCURRENTLY orders_customer_idx")
                .contains("DROP INDEX CONCURRENTLY public.orders_old_idx")
                .contains("CREATE INDEX audit_id_idx");

        LiquibaseCli.Result result = runLogged(db, changelog, concurrentIndexes, "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("CREATE INDEX CONCURRENTLY orders_customer_idx")
                .contains("DROP INDEX CONCURRENTLY public.orders_old_idx")
                .contains("CREATE INDEX audit_id_idx");
        assertThat(validIndexes(db, "orders_customer_idx")).isEqualTo(1);
        assertThat(indexes(db, "orders_old_idx")).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(3);
    }

    @Test
    void attributeValueOtherThanTrueOrFalseIsRejected() throws Exception {
        String db = databaseWithOrders();
        String changelog = createIndexChangelog("xml", "yes", false);

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("safety:concurrently must be true or false, not 'yes'");
        assertThat(cli.appliedChangesets(db)).isZero();
    }

    @Test
    void reRunAfterAFailedBuildDropsItsInvalidIndexAndConverges() throws Exception {
        String db = databaseWithOrders();
        String changelog = createIndexChangelog("xml", "true", true);

        LiquibaseCli.Result failed = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.output()).contains("could not create unique index");
        assertThat(indexes(db, "orders_customer_idx")).as("left INVALID by the failed build").isEqualTo(1);
        assertThat(validIndexes(db, "orders_customer_idx")).isZero();

        cli.execute(db, "UPDATE orders SET customer_id = id");
        LiquibaseCli.Result rerun = cli.run(dir, db, changelog, List.of(), "update");

        assertThat(rerun.exitCode()).as(rerun.output()).isZero();
        assertThat(rerun.output()).contains("dropped the INVALID index public.orders_customer_idx");
        assertThat(validIndexes(db, "orders_customer_idx")).isEqualTo(1);
        assertThat(cli.appliedChangesets(db)).isEqualTo(1);
    }

    @Test
    void aFailedBuildWhoseNamePostgresPicksLeavesNoInvalidIndex() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <sql>CREATE UNIQUE INDEX CONCURRENTLY ON orders (customer_id)</sql>
                  </changeSet>
                """));

        LiquibaseCli.Result failed = cli.run(dir, db, changelog, List.of("liquibase.safety.mode: warn"), "update");

        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.output()).contains("could not create unique index")
                .contains("dropped the INVALID index public.orders_customer_id_idx");
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isZero();
        assertThat(cli.appliedChangesets(db)).isZero();
    }

    /**
     * A concurrent build commits its INVALID index, then waits for the transactions writing the
     * table: with a writer that stays, that wait hits lock_timeout. The retry drops the leftover
     * (once the writer is gone) and builds the index again.
     */
    @Test
    void buildThatTimesOutWaitingForAWriterIsRetriedFromScratch() throws Exception {
        String db = databaseWithOrders();
        String changelog = createIndexChangelog("yaml", "true", false);
        writer = OpenTransaction.begin(cli, db, "order-intake", "INSERT INTO orders VALUES (1000, 7)");
        Future<?> release = writer.commitAfter(cli, db,
                "SELECT count(*) FROM pg_class WHERE relname = 'orders_customer_idx'", 1000);

        LiquibaseCli.Result result = cli.run(dir, db, changelog,
                List.of("liquibase.safety.lockTimeout: 300ms", "liquibase.safety.retryBackoff: 100ms",
                        "liquibase.safety.lockRetries: 20"), "update");

        release.get();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("application 'order-intake'").contains("retrying")
                .contains("dropped the INVALID index public.orders_customer_idx");
        assertThat(validIndexes(db, "orders_customer_idx")).isEqualTo(1);
        assertThat(indexes(db, "orders_customer_idx")).isEqualTo(1);
    }
}
