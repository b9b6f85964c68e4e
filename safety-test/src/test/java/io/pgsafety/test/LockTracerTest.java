package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.test.LockTrace.ColumnChange;
import io.pgsafety.test.LockTrace.ColumnEvent;
import io.pgsafety.test.LockTrace.ConstraintEvent;
import io.pgsafety.test.LockTrace.Execution;
import io.pgsafety.test.LockTrace.RelationLock;
import io.pgsafety.test.LockTrace.StatementTrace;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithPostgres
class LockTracerTest {

    private TestDatabase database;
    private LockTracer tracer;

    @BeforeEach
    void orders(TestDatabase database) throws SQLException {
        this.database = database;
        this.tracer = LockTracer.on(database);
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount int, note varchar(10))");
            st.execute("INSERT INTO orders SELECT g, g % 97, g % 1000, 'n' || (g % 10) FROM generate_series(1, 50000) g");
            st.execute("ANALYZE orders");
        }
    }

    @Test
    void createIndexTakesShareInTheTransaction() throws SQLException {
        LockTrace trace = tracer.trace("CREATE INDEX orders_customer_idx ON orders (customer_id);");

        StatementTrace create = trace.statement(0);
        assertThat(create.execution()).isEqualTo(Execution.TRANSACTION);
        assertThat(create.locks()).contains(new RelationLock("public.orders", LockMode.SHARE, true));
        assertThat(create.lockOn("public.orders")).contains(LockMode.SHARE);
        assertThat(create.rewrites()).isEmpty();
        assertThat(create.scans()).as("the build reads the table").containsExactly("public.orders");
        assertThat(indexExists("orders_customer_idx")).as("rolled back").isFalse();
    }

    @Test
    void createIndexConcurrentlyIsSampledOutsideTheTransaction() throws SQLException {
        LockTrace trace = tracer.trace("CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id, amount);");

        StatementTrace create = trace.statement(0);
        assertThat(create.execution()).isEqualTo(Execution.AUTOCOMMIT_SAMPLED);
        assertThat(create.samples()).isPositive();
        assertThat(create.lockOn("public.orders")).contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
        assertThat(indexExists("orders_customer_idx")).as("concurrent statements are not undone").isTrue();
    }

    @Test
    void typeChangeToBigintRewritesTheTableAndItsIndexes() throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE INDEX orders_amount_idx ON orders (amount)");
        }
        LockTrace trace = tracer.trace("ALTER TABLE orders ALTER COLUMN amount TYPE bigint;");

        StatementTrace alter = trace.statement(0);
        assertThat(alter.lockOn("public.orders")).contains(LockMode.ACCESS_EXCLUSIVE);
        assertThat(alter.rewrote("public.orders")).isTrue();
        assertThat(alter.rewrote("public.orders_pkey")).isTrue();
        assertThat(alter.rewrote("public.orders_amount_idx")).as("built again under a new oid").isTrue();
        assertThat(alter.columns()).containsExactly(
                new ColumnChange("public.orders", "amount", ColumnEvent.TYPE_CHANGED, "integer", "bigint"));
    }

    @Test
    void wideningAVarcharDoesNotRewrite() throws SQLException {
        LockTrace trace = tracer.trace("ALTER TABLE orders ALTER COLUMN note TYPE varchar(20);");

        StatementTrace alter = trace.statement(0);
        assertThat(alter.lockOn("public.orders")).contains(LockMode.ACCESS_EXCLUSIVE);
        assertThat(alter.rewrites()).isEmpty();
        assertThat(alter.columns()).containsExactly(new ColumnChange("public.orders", "note", ColumnEvent.TYPE_CHANGED,
                "character varying(10)", "character varying(20)"));
    }

    @Test
    void notValidConstraintThenValidated() throws SQLException {
        LockTrace trace = tracer.trace("""
                ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount >= 0) NOT VALID;
                ALTER TABLE orders VALIDATE CONSTRAINT amount_positive;
                """);

        StatementTrace add = trace.statement(0);
        assertThat(add.scans()).as("NOT VALID skips the scan").isEmpty();
        assertThat(add.constraints()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("amount_positive");
            assertThat(c.event()).isEqualTo(ConstraintEvent.ADDED);
            assertThat(c.validated()).isFalse();
        });
        StatementTrace validate = trace.statement(1);
        assertThat(validate.constraints()).singleElement().satisfies(c -> {
            assertThat(c.event()).isEqualTo(ConstraintEvent.VALIDATED);
            assertThat(c.validated()).isTrue();
        });
        assertThat(validate.acquired()).contains(new RelationLock("public.orders", LockMode.SHARE_UPDATE_EXCLUSIVE, true));
        assertThat(validate.rewrites()).isEmpty();
        assertThat(validate.scans()).containsExactly("public.orders");
    }

    @Test
    void setNotNullChangesTheColumn() throws SQLException {
        LockTrace trace = tracer.trace("ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;");

        StatementTrace alter = trace.statement(0);
        assertThat(alter.lockOn("public.orders")).contains(LockMode.ACCESS_EXCLUSIVE);
        assertThat(alter.columns()).contains(
                new ColumnChange("public.orders", "customer_id", ColumnEvent.NOT_NULL_SET, "integer", "integer"));
        assertThat(alter.rewrites()).isEmpty();
        assertThat(alter.scanned("public.orders")).as("SET NOT NULL checks every row").isTrue();
    }

    @Test
    void committingKeepsTheChangesAndTheTableShowsEachStatement() throws SQLException {
        LockTrace trace = tracer.committing().trace("""
                BEGIN;
                CREATE TABLE customers (id int PRIMARY KEY);
                CREATE INDEX orders_amount_idx ON orders (amount);
                COMMIT;
                """);

        assertThat(trace.statements()).extracting(StatementTrace::execution).containsExactly(
                Execution.SKIPPED, Execution.TRANSACTION, Execution.TRANSACTION, Execution.SKIPPED);
        assertThat(trace.statement(1).locks()).as("new relations are not traced").isEmpty();
        assertThat(indexExists("orders_amount_idx")).isTrue();
        String table = trace.toTable();
        assertThat(table).contains("| # | statement").contains("public.orders SHARE").contains("skipped");
    }

    @Test
    void aFailingStatementStopsTheTrace() throws SQLException {
        LockTrace trace = tracer.trace("ALTER TABLE orders ADD COLUMN note text; CREATE INDEX ON orders (amount);");

        assertThat(trace.failure()).get().satisfies(f -> assertThat(f.error()).startsWith("42701"));
        assertThat(trace.statement(1).execution()).isEqualTo(Execution.NOT_RUN);
        assertThat(trace.toTable()).contains("statement 1 failed: 42701");
    }

    private boolean indexExists(String name) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            return PostgresExtensionTest.count(st, "SELECT count(*) FROM pg_class WHERE relname = '" + name + "'") == 1;
        }
    }
}
