package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** lock_timeout, retries, the blocker report and statementTimeout during {@code update}, through the real CLI. */
class RuntimeGuardCliTest extends LiquibaseCliTestBase {

    private static final int LOCK_TIMEOUT_MS = 300;
    /** Slack on top of lock_timeout for one attempt as the guard measures it: not a timing benchmark. */
    private static final int ATTEMPT_SLACK_MS = 250;
    private static final List<String> QUICK_RETRIES = List.of(
            "liquibase.safety.lockTimeout: " + LOCK_TIMEOUT_MS + "ms",
            "liquibase.safety.retryBackoff: 100ms");
    private static final Pattern WAITED = Pattern.compile("waited (\\d+) ms for a lock");

    private OpenTransaction holder;

    @AfterEach
    void endHolder() throws SQLException {
        if (holder != null) {
            holder.close();
        }
    }

    private String databaseWithOrders() throws Exception {
        return databaseWith("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);"
                + " INSERT INTO orders SELECT g, g % 10 FROM generate_series(1, 10) g");
    }

    /** A report job that read {@code table} and left its transaction open: it holds ACCESS SHARE on it. */
    private int hold(String db, String table) throws SQLException {
        holder = OpenTransaction.begin(cli, db, "report-job", "SELECT count(*) FROM " + table + " WHERE id = 42");
        return holder.pid();
    }

    private int holdOrders(String db) throws SQLException {
        return hold(db, "orders");
    }

    /** Ends the holder's transaction once the migration has waited for it for longer than one lock_timeout. */
    private Future<?> releaseAfterATimeout(String db, String table) {
        return holder.commitAfter(cli, db, "SELECT count(*) FROM pg_locks WHERE NOT granted"
                + " AND relation = '" + table + "'::regclass", LOCK_TIMEOUT_MS * 2L);
    }

    private Future<?> releaseAfterATimeout(String db) {
        return releaseAfterATimeout(db, "orders");
    }

    /** Two changesets; the second creates a table, then adds a column to orders (which the holder blocks). */
    private String changelog(String format) throws Exception {
        switch (format) {
            case "xml":
                return write("changelog.xml", xmlChangelog("""
                          <changeSet id="1" author="alice">
                            <createTable tableName="customers">
                              <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                            </createTable>
                          </changeSet>
                          <changeSet id="2" author="alice">
                            <createTable tableName="audit">
                              <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                            </createTable>
                            <addColumn tableName="orders"><column name="note" type="text"/></addColumn>
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
                                    tableName: customers
                                    columns:
                                      - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                          - changeSet:
                              id: 2
                              author: alice
                              changes:
                                - createTable:
                                    tableName: audit
                                    columns:
                                      - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                                - addColumn:
                                    tableName: orders
                                    columns:
                                      - column: {name: note, type: text}
                        """);
            default:
                return write("changelog.sql", """
                        --liquibase formatted sql

                        --changeset alice:1
                        CREATE TABLE customers (id bigint PRIMARY KEY);
                        --rollback DROP TABLE customers;

                        --changeset alice:2
                        CREATE TABLE audit (id bigint PRIMARY KEY);
                        ALTER TABLE orders ADD COLUMN note text;
                        --rollback ALTER TABLE orders DROP COLUMN note;
                        --rollback DROP TABLE audit;
                        """);
        }
    }

    private static List<Integer> waits(String output) {
        List<Integer> waits = new ArrayList<>();
        Matcher m = WAITED.matcher(output);
        while (m.find()) {
            waits.add(Integer.parseInt(m.group(1)));
        }
        return waits;
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "yaml", "sql"})
    void lockTimeoutIsRetriedUntilTheHolderLetsGo(String format) throws Exception {
        String db = databaseWithOrders();
        String changelog = changelog(format);
        int holderPid = holdOrders(db);
        Future<?> release = releaseAfterATimeout(db);

        List<String> properties = new ArrayList<>(QUICK_RETRIES);
        properties.add("liquibase.safety.lockRetries: 20");
        LiquibaseCli.Result result = cli.run(dir, db, changelog, properties, "update");

        release.get();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("retrying").contains("pid " + holderPid);
        assertThat(cli.appliedChangesets(db)).isEqualTo(2);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'orders' AND column_name = 'note'")).isEqualTo(1);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname = 'audit'"))
                .as("the statement before the retried one, in the same transaction, survives the retry").isEqualTo(1);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_settings WHERE name = 'lock_timeout'"
                + " AND setting <> '0'")).isZero();
    }

    /**
     * The blocked statement is the first of its changeset: the retry rolls the changeset's
     * transaction back and sets it up again as Liquibase did (5.x: SET LOCAL search_path to the
     * default schema), so the unqualified name still finds the table.
     */
    @Test
    void firstStatementOfAChangesetIsRetriedInAFreshlySetUpTransaction() throws Exception {
        String db = databaseWith("CREATE SCHEMA shop; CREATE TABLE shop.orders (id bigint PRIMARY KEY)");
        String changelog = write("changelog.sql", """
                --liquibase formatted sql

                --changeset alice:1
                ALTER TABLE orders ADD COLUMN note text;
                ALTER TABLE orders ADD COLUMN status text;
                --rollback ALTER TABLE orders DROP COLUMN status, DROP COLUMN note;
                """);
        int holderPid = hold(db, "shop.orders");
        Future<?> release = releaseAfterATimeout(db, "shop.orders");

        List<String> properties = new ArrayList<>(QUICK_RETRIES);
        properties.add("liquibase.safety.lockRetries: 20");
        properties.add("default-schema-name: shop");
        LiquibaseCli.Result result = cli.run(dir, db, changelog, properties, "update");

        release.get();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("retrying").contains("pid " + holderPid);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'shop'"
                + " AND table_name = 'orders' AND column_name IN ('note', 'status')")).isEqualTo(2);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM shop.databasechangelog")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "sql"})
    void givesUpAfterTheRetriesNamingTheBlockingSession(String format) throws Exception {
        String db = databaseWithOrders();
        String changelog = changelog(format);
        int holderPid = holdOrders(db);

        List<String> properties = new ArrayList<>(QUICK_RETRIES);
        properties.add("liquibase.safety.lockRetries: 2");
        LiquibaseCli.Result result = cli.run(dir, db, changelog, properties, "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("could not get the lock it needs for ALTER TABLE")
                .contains("Gave up after 3 attempts")
                .contains("pid " + holderPid + " application 'report-job'")
                .contains("idle in transaction")
                .contains("query: SELECT count(*) FROM orders WHERE id = ?")
                .doesNotContain("id = 42");
        assertThat(waits(result.output())).hasSize(3)
                .allSatisfy(waited -> assertThat(waited).isBetween(LOCK_TIMEOUT_MS - 50, LOCK_TIMEOUT_MS + ATTEMPT_SLACK_MS));
        assertThat(cli.appliedChangesets(db)).as("the first changeset committed, the blocked one did not").isEqualTo(1);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname = 'audit'")).isZero();
    }

    @Test
    void statementTimeoutCancelsABlockingStatementButNotAConcurrentBuild() throws Exception {
        String db = databaseWithOrders();
        cli.execute(db, """
                CREATE FUNCTION slow_id(bigint) RETURNS bigint IMMUTABLE LANGUAGE plpgsql
                    AS $$ BEGIN PERFORM pg_sleep(0.1); RETURN $1; END $$;
                CREATE FUNCTION slow_true(bigint) RETURNS boolean IMMUTABLE LANGUAGE plpgsql
                    AS $$ BEGIN PERFORM pg_sleep(0.1); RETURN true; END $$;
                """);
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <sql>CREATE INDEX CONCURRENTLY orders_slow_idx ON orders (slow_id(id))</sql>
                    <rollback>DROP INDEX CONCURRENTLY orders_slow_idx</rollback>
                  </changeSet>
                  <changeSet id="2" author="alice" safety:allow="add-check-validated" safety:reason="ten rows">
                    <sql>ALTER TABLE orders ADD CONSTRAINT orders_slow_check CHECK (slow_true(id))</sql>
                    <rollback>ALTER TABLE orders DROP CONSTRAINT orders_slow_check</rollback>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, List.of("liquibase.safety.statementTimeout: 500ms"),
                "update");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("liquibase.safety.statementTimeout=500ms cancelled a statement of changeset")
                .contains("changelog.xml::2::alice");
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_index WHERE indexrelid = 'orders_slow_idx'::regclass"
                + " AND indisvalid")).as("the build took about a second, twice the statement timeout").isEqualTo(1);
        assertThat(cli.queryLong(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'orders_slow_check'")).isZero();
        assertThat(cli.appliedChangesets(db)).isEqualTo(1);
    }

    @Test
    void disabledLeavesStatementsAlone() throws Exception {
        String db = databaseWithOrders();
        String changelog = changelog("sql");
        holdOrders(db);
        Future<?> release = releaseAfterATimeout(db);

        List<String> properties = new ArrayList<>(QUICK_RETRIES);
        properties.add("liquibase.safety.enabled: false");
        LiquibaseCli.Result result = cli.run(dir, db, changelog, properties, "update");

        release.get();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("pg-safety");
        assertThat(waits(result.output())).isEmpty();
    }

    @Test
    void liquibaseCountsTheRowsOfTheChangesetsStatementsNotOfTheGuardsCommands() throws Exception {
        String db = databaseWithOrders();
        String changelog = write("changelog.xml", xmlChangelog("""
                  <changeSet id="1" author="alice">
                    <sql>UPDATE orders SET customer_id = 0 WHERE id &lt;= 3</sql>
                    <rollback><sql>UPDATE orders SET customer_id = id % 10 WHERE id &lt;= 3</sql></rollback>
                  </changeSet>
                """));

        LiquibaseCli.Result result = cli.run(dir, db, changelog, QUICK_RETRIES, "update");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Rows affected: 3");
    }

    @Test
    void updateSqlWritesTheChangesetsOnly() throws Exception {
        String db = databaseWithOrders();
        String changelog = changelog("xml");

        LiquibaseCli.Result result = cli.run(dir, db, changelog, QUICK_RETRIES, "update-sql");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ALTER TABLE public.orders ADD note TEXT").doesNotContain("lock_timeout");
        assertThat(cli.appliedChangesets(db)).isZero();
    }
}
