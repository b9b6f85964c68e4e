package io.pgsafety.core.runtime;

import static io.pgsafety.core.testing.EmbeddedDatabase.execute;
import static io.pgsafety.core.testing.EmbeddedDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.testing.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuardedSqlTest {

    private static final SafetyConfig CONFIG = SafetyConfig.builder().lockTimeout(Duration.ofMillis(300))
            .statementTimeout(Duration.ofSeconds(5)).lockRetries(1).retryBackoff(Duration.ofMillis(10)).build();

    @ParameterizedTest
    @ValueSource(strings = {
        "ALTER TABLE orders ADD COLUMN note text",
        "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers (id)",
        "CREATE INDEX orders_c ON orders (c)",
        "DROP INDEX orders_c",
        "UPDATE orders SET c = 1; ALTER TABLE orders ALTER COLUMN c SET NOT NULL"})
    void statementsThatBlockReadsOrWritesGetTheStatementTimeout(String sql) {
        GuardedSql guarded = GuardedSql.of(sql);

        assertThat(guarded.blocksReadsOrWrites()).isTrue();
        assertThat(guarded.policy(CONFIG).statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE INDEX CONCURRENTLY orders_c ON orders (c)",
        "DROP INDEX CONCURRENTLY orders_c",
        "REINDEX INDEX CONCURRENTLY orders_c",
        "ALTER TABLE orders VALIDATE CONSTRAINT fk",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY totals",
        "UPDATE orders SET c = 1 WHERE id < 1000",
        "CREATE TABLE audit (id bigint)",
        "SET search_path TO app"})
    void otherStatementsKeepTheSessionsStatementTimeout(String sql) {
        GuardedSql guarded = GuardedSql.of(sql);

        assertThat(guarded.blocksReadsOrWrites()).isFalse();
        assertThat(guarded.policy(CONFIG).statementTimeout()).isNull();
        assertThat(guarded.policy(CONFIG).lockTimeout()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void namesTheTablesItLocksAndTheIndexesItBuildsConcurrently() {
        GuardedSql guarded = GuardedSql.of("""
                ALTER TABLE shop.orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers (id);
                CREATE UNIQUE INDEX CONCURRENTLY orders_no ON shop.orders (no);
                CREATE INDEX CONCURRENTLY ON shop.orders (c);
                REINDEX INDEX CONCURRENTLY shop.orders_c_idx;
                REINDEX TABLE CONCURRENTLY customers;
                REINDEX SCHEMA CONCURRENTLY shop;
                """);

        assertThat(guarded.lockedTables()).containsExactly(new QualifiedName("shop", "orders", null),
                new QualifiedName(null, "customers", null), new QualifiedName("shop", "orders_c_idx", null));
        assertThat(guarded.concurrentIndexBuilds()).containsExactly(new QualifiedName("shop", "orders_no", null));
        assertThat(guarded.generatedNameBuilds()).as("builds whose index names PostgreSQL picks").containsExactly(
                new QualifiedName("shop", "orders", null), new QualifiedName("shop", "orders_c_idx", null),
                new QualifiedName(null, "customers", null));
    }

    @Test
    void dropsTheInvalidLeftoverOfAFailedBuildBeforeTheNextAttempt() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(); Connection c = db.connect()) {
            execute(c, "CREATE TABLE items (sku text); INSERT INTO items VALUES ('a'), ('a')");
            String build = "CREATE UNIQUE INDEX CONCURRENTLY items_sku ON items (sku)";
            GuardedSql guarded = GuardedSql.of(build);
            LockRetry retry = new LockRetry(guarded.policy(CONFIG));
            List<QualifiedName> dropped = new ArrayList<>();
            try (GuardSession session = GuardSession.open(c, CONFIG.lockTimeout())) {
                assertThatThrownBy(() -> guarded.run(session, retry, dropped::add, conn -> {
                    execute(conn, build);
                    return null;
                })).isInstanceOf(SQLException.class).hasMessageContaining("duplicate");
                assertThat(dropped).isEmpty();

                execute(c, "DELETE FROM items WHERE ctid = (SELECT max(ctid) FROM items)");
                guarded.run(session, retry, dropped::add, conn -> {
                    execute(conn, build);
                    return null;
                });
            }

            assertThat(dropped).containsExactly(new QualifiedName(null, "items_sku", null));
            assertThat(queryString(c, "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'items_sku'::regclass"))
                    .isEqualTo("true");
        }
    }

    @Test
    void dropsWhatAFailedUnnamedBuildLeftAndNothingOlder() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(); Connection c = db.connect()) {
            execute(c, "CREATE TABLE items (sku text); INSERT INTO items VALUES ('a'), ('a')");
            assertThatThrownBy(() -> execute(c, "CREATE UNIQUE INDEX CONCURRENTLY older_leftover ON items (sku)"))
                    .hasMessageContaining("duplicate");
            String build = "CREATE UNIQUE INDEX CONCURRENTLY ON items (sku)";
            GuardedSql guarded = GuardedSql.of(build);
            List<QualifiedName> dropped = new ArrayList<>();
            try (GuardSession session = GuardSession.open(c, CONFIG.lockTimeout())) {
                assertThatThrownBy(() -> guarded.run(session, new LockRetry(guarded.policy(CONFIG)), dropped::add,
                        conn -> {
                            execute(conn, build);
                            return null;
                        })).isInstanceOf(SQLException.class).hasMessageContaining("duplicate");
            }

            assertThat(dropped).containsExactly(new QualifiedName("public", "items_sku_idx", null));
            assertThat(queryString(c, "SELECT string_agg(indexrelid::regclass::text, ',') FROM pg_index "
                    + "WHERE indrelid = 'items'::regclass")).isEqualTo("older_leftover");
        }
    }

    /**
     * A session in the middle of a write keeps {@code REINDEX CONCURRENTLY} waiting after it has
     * made its {@code _ccnew} index: the lock timeout leaves that index behind, and the drop that
     * follows waits for the same session, so it is done before the retry, once the writer is gone.
     */
    @Test
    void dropsTheCcnewIndexesOfAReindexThatTimedOutBeforeRetrying() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(); Connection c = db.connect(); Connection writer = db.connect()) {
            execute(c, "CREATE TABLE items (sku text); CREATE INDEX items_sku ON items (sku)");
            writer.setAutoCommit(false);
            execute(writer, "INSERT INTO items VALUES ('a')");
            String reindex = "REINDEX TABLE CONCURRENTLY items";
            GuardedSql guarded = GuardedSql.of(reindex);
            List<QualifiedName> dropped = new ArrayList<>();
            LockRetry retry = new LockRetry(guarded.policy(CONFIG)).onTimeout(attempt -> {
                try {
                    writer.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (GuardSession session = GuardSession.open(c, CONFIG.lockTimeout())) {
                guarded.run(session, retry, dropped::add, conn -> {
                    execute(conn, reindex);
                    return null;
                });
            }

            assertThat(dropped).as("the table's and its TOAST table's").hasSize(2)
                    .contains(new QualifiedName("public", "items_sku_ccnew", null))
                    .anySatisfy(index -> assertThat(index.schema()).isEqualTo("pg_toast"));
            assertThat(queryString(c, "SELECT string_agg(indexrelid::regclass::text || ' ' || indisvalid, ',') "
                    + "FROM pg_index WHERE indrelid = 'items'::regclass")).isEqualTo("items_sku true");
            assertThat(queryString(c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isEqualTo("0");
        }
    }
}
